package views

import (
	"context"

	"talksafe/models"
	"talksafe/views/components"
)

func bankLanguageLabel(ctx context.Context, l models.BankLanguage) string {
	return components.T(ctx, "banks.language."+string(l))
}

func bankLanguageOptions(ctx context.Context) []components.Option {
	var opts []components.Option
	for _, l := range models.BankLanguages {
		opts = append(opts, components.Option{Value: string(l), Label: bankLanguageLabel(ctx, l)})
	}
	return opts
}

func bankReasonOptions(ctx context.Context) []components.Option {
	var opts []components.Option
	for _, r := range models.Reasons {
		opts = append(opts, components.Option{Value: string(r.Code), Label: reasonLabel(ctx, r.Code)})
	}
	return opts
}

// waveSummary is a spam wave's size: "Spam wave · 37 items · 12 authors".
func waveSummary(ctx context.Context, w models.Wave) string {
	return components.T(ctx, "mod.wave.summary", map[string]any{"Items": w.Items, "Authors": w.Authors})
}
