// Package slack connects sitrep to Slack: channel history and thread
// replies pulled through the Web API (slack-go, behind the small API
// interface this package owns) into timeline events; the offline import of
// a workspace export (the 2016 and the thread-era shapes, zip or
// directory); the Events API receiver for `sitrep serve`; and the poster
// behind `sitrep note --slack`.
//
// Every path maps a Slack message the same way (message.go): Ref
// slack/<channel>/<ts>, At the message's time, and an event ID derived
// from the Ref, so a live sync, an export import and a webhook never store
// the same message twice, and a later edit or deletion can find the event
// without asking the store for it.
package slack
