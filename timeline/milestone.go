package timeline

import (
	"fmt"
	"strings"
	"time"
)

// Milestone names a point in an incident's life.
type Milestone string

// Milestones, in the order they must occur.
const (
	Started      Milestone = "started" // impact began
	Detected     Milestone = "detected"
	Acknowledged Milestone = "acknowledged"
	Mitigated    Milestone = "mitigated"
	Resolved     Milestone = "resolved" // impact ended
)

// Milestones lists every milestone in its required order.
var Milestones = []Milestone{Started, Detected, Acknowledged, Mitigated, Resolved}

// ParseMilestone accepts a milestone name or an unambiguous prefix.
func ParseMilestone(s string) (Milestone, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	var match []Milestone
	for _, m := range Milestones {
		if string(m) == t {
			return m, nil
		}
		if t != "" && strings.HasPrefix(string(m), t) {
			match = append(match, m)
		}
	}
	if len(match) == 1 {
		return match[0], nil
	}
	names := make([]string, len(Milestones))
	for i, m := range Milestones {
		names[i] = string(m)
	}
	return "", fmt.Errorf("milestone %q is not one of %s", s, strings.Join(names, ", "))
}

// OrderProblem describes two milestones that are out of order.
type OrderProblem struct {
	Earlier, Later Milestone // Earlier should come first but is after Later
	EarlierAt      time.Time
	LaterAt        time.Time
}

func (p OrderProblem) String() string {
	return fmt.Sprintf("%s (%s) is after %s (%s)", p.Earlier, p.EarlierAt.UTC().Format(time.RFC3339),
		p.Later, p.LaterAt.UTC().Format(time.RFC3339))
}

// CheckOrder reports each pair of present milestones that breaks
// started ≤ detected ≤ acknowledged ≤ mitigated ≤ resolved. It never
// reorders anything: a wrong set is for people to look at.
func CheckOrder(ms map[Milestone]time.Time) []OrderProblem {
	var problems []OrderProblem
	for i, a := range Milestones {
		at, ok := ms[a]
		if !ok {
			continue
		}
		for _, b := range Milestones[i+1:] {
			bt, ok := ms[b]
			if ok && at.After(bt) {
				problems = append(problems, OrderProblem{Earlier: a, Later: b, EarlierAt: at, LaterAt: bt})
			}
		}
	}
	return problems
}
