"""Tags on claims (topic, desk, election) and the per-desk checklist a claim completes before it
is submitted. A desk is a tag of kind "desk": it carries the checklist and the chat webhook."""
