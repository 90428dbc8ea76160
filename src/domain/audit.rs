//! What the audit log records: one typed action per kind of event. The
//! stored name is what `chartq audit` prints and what the review and report
//! queries select on, so a name is never retyped by hand at a call site.

crate::string_enum! {
    /// One kind of audit event (stored as its name in `audit_event.action`).
    pub enum AuditAction: "audit action" {
        // Charts and the work queue.
        ChartsImported = "charts_imported",
        /// One chart of a feed, new to the database.
        ChartCreated = "chart_created",
        /// One chart of a feed that changed since it was last imported.
        ChartUpdated = "chart_updated",
        ChartViewed = "chart_viewed",
        ChartClaimed = "chart_claimed",
        LeaseRenewed = "lease_renewed",
        /// A lease ran out: the chart went back to `new` (a `system` event).
        LeaseExpired = "lease_expired",
        ChartReleased = "chart_released",
        ChartHeld = "chart_held",
        ChartAssigned = "chart_assigned",
        ChartFinalized = "chart_finalized",
        ChartAudited = "chart_audited",
        ChartsExported = "charts_exported",
        // Codes on a chart.
        CodeAssigned = "code_assigned",
        CodeChanged = "code_changed",
        CodeSequenced = "code_sequenced",
        CodeUnassigned = "code_unassigned",
        // Provider queries.
        ProviderQueryOpened = "provider_query_opened",
        ProviderQueryAnswered = "provider_query_answered",
        ProviderQueryClosed = "provider_query_closed",
        // Code sets.
        CodeSetImported = "code_set_imported",
        /// A bundled version added by whoever opened the database (`system`).
        CodeSetSeeded = "code_set_seeded",
        /// A bundled version's label or dates brought up to date (`system`).
        CodeSetUpdated = "code_set_updated",
        IndexImported = "index_imported",
        /// A site's official POA-exempt list for a fiscal year.
        PoaListImported = "poa_list_imported",
        // People.
        UserAdded = "user_added",
        RoleChanged = "role_changed",
        QueueJoined = "queue_joined",
        QueueLeft = "queue_left",
        // The database itself.
        DatabaseBackedUp = "database_backed_up",
        DatabaseBackupFailed = "database_backup_failed",
        /// Written once by migration 0009 when the existing log was chained.
        AuditLogChained = "audit_log_chained",
    }
}
