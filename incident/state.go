package incident

import (
	"context"

	bolt "go.etcd.io/bbolt"
)

// Setting is one incident's setting of an integration, such as Slack's
// capture mode ("slack/capture" → "reaction:pushpin").
type Setting struct {
	Incident string // "INC-7"
	Name     string // "slack/capture"
	Value    string
}

func (s Setting) key() []byte { return []byte(s.Name + "/" + s.Incident) }

func putSettings(tx *bolt.Tx, settings []Setting) error {
	for _, st := range settings {
		id, err := normaliseID(st.Incident)
		if err != nil {
			return err
		}
		st.Incident = id
		if err := tx.Bucket(bucketCache).Put(st.key(), []byte(st.Value)); err != nil {
			return err
		}
	}
	return nil
}

// Setting returns an incident's setting called name, or "" when it was
// never set.
func (s *Store) Setting(ctx context.Context, incidentID, name string) (string, error) {
	id, err := normaliseID(incidentID)
	if err != nil {
		return "", err
	}
	var v string
	err = s.view(ctx, func(tx *bolt.Tx) error {
		v = string(tx.Bucket(bucketCache).Get(Setting{Incident: id, Name: name}.key()))
		return nil
	})
	return v, err
}

func normaliseID(id string) (string, error) {
	n, err := ParseID(id)
	if err != nil {
		return "", err
	}
	return FormatID(n), nil
}
