#!/usr/bin/env python3
"""Writes a synthetic chart feed (JSON Lines, the README's schema) to stdout.

usage: feed.py CHARTS [DOCUMENT_BYTES]

Invented patients; dates of service inside 2026-04-01..2026-09-30; spread
over three queues, five priorities and due dates so claim order matters.
"""
import json
import sys

charts = int(sys.argv[1])
doc_bytes = int(sys.argv[2]) if len(sys.argv) > 2 else 2048
sentence = "Patient seen for follow-up of chronic conditions; plan reviewed. "
text = (sentence * (doc_bytes // len(sentence) + 1))[:doc_bytes]
queues = ["inpatient", "ed", "outpatient"]
out = sys.stdout
for i in range(charts):
    day = 1 + i % 28
    month = 4 + (i // 28) % 6
    dos = f"2026-{month:02d}-{day:02d}"
    kind = ["inpatient", "ed", "outpatient"][i % 3]
    chart = {
        "account": f"B{i:07d}",
        "mrn": f"MRN{i:07d}",
        "patient": {"name": f"Benchperson, Pat{i}", "dob": "1950-01-01", "sex": "U"},
        "encounter_type": kind,
        "attending": "Dr. Invented",
        "payer": "Medicare",
        "facility": "Bench General",
        "queue": queues[i % 3],
        "priority": 1 + i % 5,
        "due_date": f"2026-10-{1 + i % 28:02d}",
        "documents": [{"type": "progress_note", "author": "Dr. Invented",
                       "time": f"{dos}T09:00:00", "text": text}],
    }
    if kind == "inpatient":
        chart["admit_date"] = f"2026-{month:02d}-01"
        chart["discharge_date"] = dos
    else:
        chart["service_date"] = dos
    out.write(json.dumps(chart))
    out.write("\n")
