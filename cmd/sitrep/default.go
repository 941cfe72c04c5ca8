package main

import "context"

// runDefault is `sitrep` with no arguments.
func runDefault(ctx context.Context, f *Factory) error {
	return newListCmd(f).ExecuteContext(ctx)
}
