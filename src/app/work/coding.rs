//! The coding use cases: putting a code on a chart, changing one thing
//! about it, moving it, making it the principal, taking it off.

use crate::domain::chart::ChartRef;
use crate::domain::codes::CodeSystem;
use crate::domain::coding::{Assignment, AssignmentEdit, NewAssignment};
use crate::domain::people::Actor;
use crate::store::WorkError;
use crate::store::backend::Backend;

/// Assigns a code with everything the coder said about it (CLI flags).
pub fn assign(
    backend: &mut dyn Backend,
    actor: &Actor,
    chart: &ChartRef,
    new: &NewAssignment,
) -> Result<Assignment, WorkError> {
    backend.assign(actor, chart, new)
}

/// Assigns a code typed on its own (the TUI's search pane): the system when
/// the coder chose one, every other attribute left to its default — the
/// role by [`crate::domain::coding::default_role`], the system by the code
/// sets valid on the date of service.
pub fn assign_code(
    backend: &mut dyn Backend,
    actor: &Actor,
    chart: &ChartRef,
    system: Option<CodeSystem>,
    code: &str,
) -> Result<Assignment, WorkError> {
    let new = NewAssignment {
        code: code.to_string(),
        system,
        ..NewAssignment::default()
    };
    backend.assign(actor, chart, &new)
}

/// Changes one attribute of a code on the chart (role, POA, modifiers,
/// units); the rest is kept as stored.
pub fn edit(
    backend: &mut dyn Backend,
    actor: &Actor,
    chart: &ChartRef,
    code: &str,
    change: &AssignmentEdit,
) -> Result<Assignment, WorkError> {
    backend.edit(actor, chart, code, change)
}

/// Moves a code to `position` (1-based, as the CLI and the screen count;
/// the store refuses one off the chart).
pub fn sequence(
    backend: &mut dyn Backend,
    actor: &Actor,
    chart: &ChartRef,
    code: &str,
    position: i64,
) -> Result<Vec<Assignment>, WorkError> {
    backend.sequence(actor, chart, code, position)
}

/// Makes a diagnosis the principal; the old principal becomes secondary.
pub fn make_principal(
    backend: &mut dyn Backend,
    actor: &Actor,
    chart: &ChartRef,
    code: &str,
) -> Result<Vec<Assignment>, WorkError> {
    backend.make_principal(actor, chart, code)
}

/// Takes a code off the chart; the rest close up.
pub fn unassign(
    backend: &mut dyn Backend,
    actor: &Actor,
    chart: &ChartRef,
    code: &str,
) -> Result<Vec<Assignment>, WorkError> {
    backend.unassign(actor, chart, code)
}
