// Package tui owns sitrep's terminal interface, on Bubble Tea v2: the
// incident list and the live incident view an incident commander works in
// (header with the elapsed clock and integration health, a virtualised
// timeline with filters and search, a side panel of roles, milestones,
// durations and open actions, an input line for notes and changes, and a
// help bar drawn from the key map).
//
// It reaches the store only through the small Store interface, with every
// read and write in a tea.Cmd, and never holds the store open: it follows
// other processes' writes by polling Store.ChangesKeyed. The timeline holds
// the keys of its rows (from a scan over the store, which filters and
// searches too) and only the events near the screen, read by key, so a
// million-event incident costs it tens of megabytes. Every untrusted string
// (titles, people, chat and pager text, attributes) is drawn through
// timeline.SanitizeLine.
package tui
