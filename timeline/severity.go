package timeline

import (
	"fmt"
	"strconv"
	"strings"
)

// Severity runs from SEV1 (worst) to SEV5. Zero means unset.
type Severity int

// The severity range.
const (
	SevWorst Severity = 1
	SevLeast Severity = 5
)

func (s Severity) String() string {
	if s == 0 {
		return ""
	}
	return "SEV" + strconv.Itoa(int(s))
}

// ParseSeverity accepts "2", "SEV2", "sev2" and "S2".
func ParseSeverity(s string) (Severity, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	t = strings.TrimPrefix(strings.TrimPrefix(t, "SEV"), "S")
	n, err := strconv.Atoi(t)
	if err != nil || n < int(SevWorst) || n > int(SevLeast) {
		return 0, fmt.Errorf("severity %q is not SEV1 (worst) to SEV5", s)
	}
	return Severity(n), nil
}

// Status is an incident's response state. Any move is allowed; each is recorded.
type Status string

// Statuses in their usual order.
const (
	StatusInvestigating Status = "investigating"
	StatusIdentified    Status = "identified"
	StatusMonitoring    Status = "monitoring"
	StatusResolved      Status = "resolved"
	StatusClosed        Status = "closed"
)

// Statuses lists the statuses in their usual order.
var Statuses = []Status{StatusInvestigating, StatusIdentified, StatusMonitoring, StatusResolved, StatusClosed}

// ParseStatus accepts a status name or an unambiguous prefix of one.
func ParseStatus(s string) (Status, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	var match []Status
	for _, st := range Statuses {
		if string(st) == t {
			return st, nil
		}
		if t != "" && strings.HasPrefix(string(st), t) {
			match = append(match, st)
		}
	}
	if len(match) == 1 {
		return match[0], nil
	}
	return "", fmt.Errorf("status %q is not one of %s", s, joinStatuses())
}

// Open reports whether the incident is still being worked.
func (s Status) Open() bool { return s != StatusResolved && s != StatusClosed }

func joinStatuses() string {
	names := make([]string, len(Statuses))
	for i, st := range Statuses {
		names[i] = string(st)
	}
	return strings.Join(names, ", ")
}

// Well-known roles; any other non-empty name is allowed too.
const (
	RoleCommander = "commander"
	RoleComms     = "comms"
	RoleScribe    = "scribe"
	RoleOps       = "ops"
)

// Roles lists the well-known roles.
var Roles = []string{RoleCommander, RoleComms, RoleScribe, RoleOps}

// MarshalText writes "SEV2"; an unset severity is "".
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads what ParseSeverity accepts, and "".
func (s *Severity) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*s = 0
		return nil
	}
	v, err := ParseSeverity(string(b))
	*s = v
	return err
}
