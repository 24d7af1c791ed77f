package acctest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
	"go.yaml.in/yaml/v3"
)

// Where the README's tested versions run.
const (
	whereCI     = ".ci/run"
	whereGitHub = "GitHub workflow"
)

// TestCompatibilityTable checks the README's compatibility tables against
// what they describe: the features' first versions against the Features
// here, the versions .ci/run tests against the GNUmakefile, and the
// versions the GitHub workflow tests against its matrices.
func TestCompatibilityTable(t *testing.T) {
	root := filepath.Join("..", "..")
	read := func(name string) string {
		data, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	if err := checkCompatibility(read("README.md"), read("GNUmakefile"), read(".github/workflows/test.yml")); err != nil {
		t.Error(err)
	}
}

// Each way the three files can disagree, and their agreement, on small
// copies of them.
func TestCheckCompatibility(t *testing.T) {
	const readme = "# x\n\n## Compatibility\n\n" +
		"| Needs | Terraform | OpenTofu |\n|---|---|---|\n" +
		"| `check` blocks | 1.5 | 1.6 |\n| `terraform test` and `tofu test` | 1.6 | 1.6 |\n" +
		"| `mock_provider` in tests | 1.7 | 1.8 |\n| provider functions | 1.8 | 1.7 |\n\ntext\n\n" +
		"| CLI | Version | Where | What runs |\n|---|---|---|---|\n" +
		"| Terraform | 1.11.4 | `.ci/run` | all |\n| OpenTofu | 1.10.10 | `.ci/run` | some |\n" +
		"| Terraform | 1.5.* | GitHub workflow | all |\n| Terraform | latest | GitHub workflow | all |\n" +
		"| OpenTofu | 1.8.* | GitHub workflow | some |\n\n## Next\n"
	const makefile = "X := 1\nCI_TERRAFORM_VERSION := 1.11.4\nTOFU_VERSIONS        := 1.10.10\n"
	const workflow = "jobs:\n  terraform:\n    strategy:\n      matrix:\n        terraform: [\"1.5.*\", latest]\n" +
		"  opentofu:\n    strategy:\n      matrix:\n        tofu:\n          - \"1.8.*\"\n"
	if err := checkCompatibility(readme, makefile, workflow); err != nil {
		t.Fatalf("the copies agree, but: %v", err)
	}
	for name, tc := range map[string]struct{ readme, makefile, workflow, want string }{
		"another terraform in CI": {readme, strings.Replace(makefile, "1.11.4", "1.12.0", 1), workflow,
			"Terraform 1.12.0"},
		"an OpenTofu added to CI": {readme, strings.Replace(makefile, "1.10.10", "1.10.10 1.12.6", 1), workflow,
			"OpenTofu 1.12.6"},
		"an OpenTofu the README adds": {strings.Replace(readme, "| OpenTofu | 1.10.10 |", "| OpenTofu | 1.10.10 | `.ci/run` | x |\n| OpenTofu | 1.12.6 |", 1), makefile, workflow,
			"OpenTofu 1.12.6"},
		"a Terraform the workflow drops": {readme, makefile, strings.Replace(workflow, `"1.5.*", `, "", 1),
			"Terraform 1.5.*"},
		"a tofu the workflow adds": {readme, makefile, strings.Replace(workflow, `- "1.8.*"`, "- \"1.8.*\"\n          - \"1.12.*\"", 1),
			"OpenTofu 1.12.*"},
		"a row somewhere else": {strings.Replace(readme, "| Terraform | latest | GitHub workflow |", "| Terraform | latest | elsewhere |", 1), makefile, workflow,
			`"elsewhere"`},
		"a feature's version": {strings.Replace(readme, "| `mock_provider` in tests | 1.7 | 1.8 |", "| `mock_provider` in tests | 1.7 | 1.7 |", 1), makefile, workflow,
			"mock_provider in tests"},
		"a feature missing": {strings.Replace(readme, "| provider functions | 1.8 | 1.7 |\n", "", 1), makefile, workflow,
			"provider functions"},
		"a feature unknown": {strings.Replace(readme, "| provider functions |", "| ephemeral resources |", 1), makefile, workflow,
			"ephemeral resources"},
		"no versions table": {strings.Replace(readme, "| CLI | Version |", "| CLI | Release |", 1), makefile, workflow,
			"no table"},
		"no TOFU_VERSIONS": {readme, strings.Replace(makefile, "TOFU_VERSIONS ", "TOFU_VERSION ", 1), workflow,
			"TOFU_VERSIONS"},
		"CI_TERRAFORM_VERSION twice": {readme, makefile + "CI_TERRAFORM_VERSION := 1.11.4\n", workflow,
			"CI_TERRAFORM_VERSION"},
		"no tofu matrix": {readme, makefile, strings.Replace(workflow, "tofu:", "opentofu:", 1),
			"tofu"},
	} {
		err := checkCompatibility(tc.readme, tc.makefile, tc.workflow)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one that names %s", name, err, tc.want)
		}
	}
}

// checkCompatibility returns every disagreement between the README's two
// tables and the features, the GNUmakefile and the test workflow.
func checkCompatibility(readme, makefile, workflow string) error {
	section := readme
	if i := strings.Index(section, "\n## Compatibility\n"); i >= 0 {
		section = section[i+1:]
		if j := strings.Index(section[1:], "\n## "); j >= 0 {
			section = section[:j+1]
		}
	}
	var errs []error
	errs = append(errs, checkFeatures(table(section, "Needs", "Terraform", "OpenTofu")))

	rows := table(section, "CLI", "Version", "Where", "What runs")
	if rows == nil {
		return errors.Join(append(errs, errors.New("README: no table with the columns CLI, Version, Where, What runs under ## Compatibility"))...)
	}
	listed := map[string][]string{}
	for _, r := range rows {
		if r[2] != whereCI && r[2] != whereGitHub {
			errs = append(errs, fmt.Errorf("README: %s %s runs in %q, neither %s nor %s", r[0], r[1], r[2], whereCI, whereGitHub))
			continue
		}
		listed[r[2]] = append(listed[r[2]], r[0]+" "+r[1])
	}

	var ci []string
	terraform, err := makeVariable(makefile, "CI_TERRAFORM_VERSION")
	errs = append(errs, err)
	for _, v := range terraform {
		ci = append(ci, "Terraform "+v)
	}
	tofus, err := makeVariable(makefile, "TOFU_VERSIONS")
	errs = append(errs, err)
	for _, v := range tofus {
		ci = append(ci, "OpenTofu "+v)
	}
	errs = append(errs, sameVersions(whereCI+" (the GNUmakefile)", ci, listed[whereCI]))

	github, err := workflowVersions(workflow)
	errs = append(errs, err, sameVersions(whereGitHub+" (.github/workflows/test.yml)", github, listed[whereGitHub]))
	return errors.Join(errs...)
}

// checkFeatures compares the README's table of what needs which version
// with the Features the tests skip by.
func checkFeatures(rows [][]string) error {
	var errs []error
	seen := map[string]bool{}
	for _, r := range rows {
		i := slices.IndexFunc(features, func(f Feature) bool { return f.Name == r[0] })
		if i < 0 {
			errs = append(errs, fmt.Errorf("README: %q needs a version, but no test skips by it (acctest.Feature)", r[0]))
			continue
		}
		f := features[i]
		seen[f.Name] = true
		tf, errTF := version.NewVersion(r[1])
		tofu, errTofu := version.NewVersion(r[2])
		if errTF != nil || errTofu != nil || !tf.Equal(f.Terraform) || !tofu.Equal(f.OpenTofu) {
			errs = append(errs, fmt.Errorf("README: %s from Terraform %s and OpenTofu %s, but the tests skip below %s and %s",
				f.Name, r[1], r[2], f.Terraform, f.OpenTofu))
		}
	}
	for _, f := range features {
		if !seen[f.Name] {
			errs = append(errs, fmt.Errorf("README: %s (Terraform %s, OpenTofu %s) is missing from the table of what needs which version", f.Name, f.Terraform, f.OpenTofu))
		}
	}
	return errors.Join(errs...)
}

// table returns the rows of the first Markdown table in text whose header
// is exactly columns, each cell trimmed and without backticks; nil when
// there is none.
func table(text string, columns ...string) [][]string {
	var rows [][]string
	in := false
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "|") {
			if in {
				return rows
			}
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		for i, c := range cells {
			cells[i] = strings.TrimSpace(strings.ReplaceAll(c, "`", ""))
		}
		switch {
		case !in && slices.Equal(cells, columns):
			in, rows = true, [][]string{}
		case in && strings.Trim(line, "|-: ") == "":
		case in && len(cells) == len(columns):
			rows = append(rows, cells)
		}
	}
	return rows
}

// makeVariable reads the words of a simply expanded variable (NAME := ...)
// that the GNUmakefile sets exactly once.
func makeVariable(makefile, name string) ([]string, error) {
	m := regexp.MustCompile(`(?m)^`+name+`\s*:=(.*)$`).FindAllStringSubmatch(makefile, -1)
	if len(m) != 1 || len(strings.Fields(m[0][1])) == 0 {
		return nil, fmt.Errorf("GNUmakefile: want one line %s := <versions>, found %d", name, len(m))
	}
	return strings.Fields(m[0][1]), nil
}

// workflowVersions reads the matrices of the terraform and opentofu jobs.
func workflowVersions(workflow string) ([]string, error) {
	var w struct {
		Jobs struct {
			Terraform struct {
				Strategy struct {
					Matrix struct {
						Terraform []string `yaml:"terraform"`
					} `yaml:"matrix"`
				} `yaml:"strategy"`
			} `yaml:"terraform"`
			OpenTofu struct {
				Strategy struct {
					Matrix struct {
						Tofu []string `yaml:"tofu"`
					} `yaml:"matrix"`
				} `yaml:"strategy"`
			} `yaml:"opentofu"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal([]byte(workflow), &w); err != nil {
		return nil, fmt.Errorf(".github/workflows/test.yml: %w", err)
	}
	tf, tofu := w.Jobs.Terraform.Strategy.Matrix.Terraform, w.Jobs.OpenTofu.Strategy.Matrix.Tofu
	if len(tf) == 0 || len(tofu) == 0 {
		return nil, errors.New(".github/workflows/test.yml: want the matrices jobs.terraform.strategy.matrix.terraform and jobs.opentofu.strategy.matrix.tofu")
	}
	var out []string
	for _, v := range tf {
		out = append(out, "Terraform "+v)
	}
	for _, v := range tofu {
		out = append(out, "OpenTofu "+v)
	}
	return out, nil
}

// sameVersions fails unless the README lists exactly the versions that run,
// in the same order.
func sameVersions(where string, run, listed []string) error {
	if slices.Equal(run, listed) {
		return nil
	}
	var errs []error
	for _, v := range run {
		if !slices.Contains(listed, v) {
			errs = append(errs, fmt.Errorf("%s runs %s, which the README's table does not list there", where, v))
		}
	}
	for _, v := range listed {
		if !slices.Contains(run, v) {
			errs = append(errs, fmt.Errorf("the README's table lists %s under %s, which does not run it", v, where))
		}
	}
	if len(errs) == 0 {
		errs = append(errs, fmt.Errorf("%s runs %q, the README's table lists %q: same versions, other order", where, run, listed))
	}
	return errors.Join(errs...)
}
