// Package templates owns what the team takes away from an incident: the
// review facts assembled from an incident and its events (milestones and
// durations with their definitions, severity over time, participants,
// information flow, narrative timeline, contributing factors, questions,
// follow-ups), the embedded review templates and the user's own, the
// Markdown, HTML and JSON renderers, the blameless-language lint, the
// statistics across incidents and the queue of incidents awaiting review.
//
// Everything here is deterministic: the same events give the same bytes,
// so reviews can live in git. Nothing reads a clock; times come from the
// data. All text that came from people or from other systems is sanitised
// of terminal control sequences when the facts are assembled, and escaped
// for Markdown and HTML when rendered.
package templates
