/*
 * A renderer for the part of Go's text/template that the repo's Crossplane
 * compositions use through function-go-templating, so CI can render them
 * without Go.
 *
 * What it follows (read from the sources, not from memory):
 * - Go text/template (lexer, parser and executor of Go 1.25): trim markers,
 *   comments, pipelines, variables and their scopes, if / else if / with /
 *   else with / range (lists, maps in sorted key order, integers) with break
 *   and continue, `and`/`or` short-circuit, the comparison functions, `index`,
 *   `len`, `print`, `printf`.
 * - The data function-go-templating hands to the template: the request
 *   converted to JSON and back into map[string]interface{} (integers are
 *   int64, other numbers float64, JSON null is a nil interface). It sets no
 *   template option unless the GoTemplate input says so, so a missing map key
 *   prints "<no value>" (missingkey=default).
 * - Sprig v3.3.0 for the Sprig functions, and function-go-templating's own
 *   toYaml (gopkg.in/yaml.v3 Marshal: 4-space indentation, sequences indented
 *   under their key, trailing newline kept), setResourceNameAnnotation,
 *   getComposedResource and getCompositeResource.
 *
 * Anything outside the subset (define/template/block, functions not listed
 * in SUPPORTED, printf verbs other than %v %s %d %q) is a TemplateError rather
 * than a guess. So are printf arguments Go would render as "%!d(string=x)".
 */
export { TemplateError } from './errors';
export { renderGoTemplate } from './render';
export type { GoTemplateOptions } from './render';
