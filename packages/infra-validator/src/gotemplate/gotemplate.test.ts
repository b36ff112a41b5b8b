/*
 * The Go text/template renderer used to check function-go-templating
 * compositions. Expected outputs are what Go's text/template with Sprig and
 * function-go-templating's functions produce for the same template and data.
 */
import { parseAllDocuments } from 'yaml';
import { GoTemplateOptions, renderGoTemplate, TemplateError } from '.';

const render = (
  source: string,
  data: unknown = {},
  options?: GoTemplateOptions,
) => renderGoTemplate(source, data, options);

/** The TemplateError a template fails with (line and reason). */
function failure(
  source: string,
  data: unknown = {},
  options?: GoTemplateOptions,
) {
  try {
    renderGoTemplate(source, data, options);
  } catch (e) {
    if (e instanceof TemplateError) return { line: e.line, reason: e.reason };
    throw e;
  }
  throw new Error(`rendered without an error: ${source}`);
}

describe('text and actions', () => {
  it('passes text through unchanged', () => {
    expect(render('plain: text\n  with lines\n')).toBe(
      'plain: text\n  with lines\n',
    );
  });

  it('prints fields, nested fields, $ and variables', () => {
    const data = { a: { b: { c: 'deep' } }, name: 'x' };
    expect(render('{{ .name }}/{{ .a.b.c }}/{{ $.a.b.c }}', data)).toBe(
      'x/deep/deep',
    );
    expect(render('{{ $v := .a.b }}{{ $v.c }}-{{ $v }}', data)).toBe(
      'deep-map[c:deep]',
    );
  });

  it('prints <no value> for missing keys, at any depth (missingkey=default)', () => {
    expect(
      render('[{{ .missing }}][{{ .a.missing }}][{{ .x.y.z }}]', { a: {} }),
    ).toBe('[<no value>][<no value>][<no value>]');
  });

  it('prints a JSON null as <no value> but fails on a field of it', () => {
    expect(render('{{ .n }}', { n: null })).toBe('<no value>');
    expect(failure('{{ .n.x }}', { n: null })).toEqual({
      line: 1,
      reason: 'nil pointer evaluating interface {}.x',
    });
  });

  it('drops comments', () => {
    expect(render('a{{/* a comment */}}b')).toBe('ab');
    expect(render('a\n  {{- /* multi\nline */ -}}\n  b')).toBe('ab');
  });

  it('trims all adjacent whitespace, newlines included, with {{- and -}}', () => {
    expect(render('a \n\t {{- .x -}} \n\n b', { x: 'X' })).toBe('aXb');
    expect(render('a \n{{- .x }} \nb', { x: 'X' })).toBe('aX \nb');
    expect(render('a {{ .x -}}\n  b', { x: 'X' })).toBe('a Xb');
    // "{{-3}}" is the number -3, not a trim marker.
    expect(render('a {{-3}} b')).toBe('a -3 b');
  });

  it('formats values the way fmt does', () => {
    const data = {
      i: 42,
      f: 2.5,
      big: 1e21,
      small: 0.00001,
      neg: -7,
      t: true,
      list: [1, 'a', null],
      m: { b: [1, 'x'], a: null },
    };
    expect(
      render(
        '{{ .i }} {{ .f }} {{ .big }} {{ .small }} {{ .neg }} {{ .t }}',
        data,
      ),
    ).toBe('42 2.5 1e+21 1e-05 -7 true');
    expect(render('{{ .list }} {{ .m }}', data)).toBe(
      '[1 a <nil>] map[a:<nil> b:[1 x]]',
    );
  });

  it('reads string, raw string, number, bool and char literals', () => {
    expect(render('{{ "a\\tb\\u00e9\\x41\\"" }}')).toBe('a\tbéA"');
    expect(render('{{ `raw\\n {{ x }}` }}')).toBe('raw\\n {{ x }}');
    expect(
      render(
        '{{ 3 }} {{ -3 }} {{ 1.5 }} {{ 0x1F }} {{ 0o17 }} {{ 1_000 }} {{ 1e3 }} {{ 1e6 }}',
      ),
    ).toBe('3 -3 1.5 31 15 1000 1000 1e+06');
    expect(render("{{ true }} {{ false }} {{ 'a' }}")).toBe('true false 97');
  });
});

describe('variables', () => {
  it('declares with := and assigns with =', () => {
    expect(render('{{ $v := "x" }}{{ $v }}{{ $v = "y" }}{{ $v }}')).toBe('xy');
  });

  it('keeps assignments made inside a block, drops declarations at its end', () => {
    expect(
      render(
        '{{ $v := 1 }}{{ if true }}{{ $v = 2 }}{{ $w := 3 }}{{ $w }}{{ end }}{{ $v }}',
      ),
    ).toBe('32');
    expect(failure('{{ if true }}{{ $w := 3 }}{{ end }}\n{{ $w }}')).toEqual({
      line: 2,
      reason: 'undefined variable "$w"',
    });
  });

  it('fails assigning a variable never declared', () => {
    expect(failure('\n{{ $x = 1 }}')).toEqual({
      line: 2,
      reason: 'undefined variable: $x',
    });
  });
});

describe('if, with, range', () => {
  it('follows Go truthiness', () => {
    const t = '{{ if .v }}T{{ else }}F{{ end }}';
    const cases: Array<[unknown, string]> = [
      [false, 'F'],
      [0, 'F'],
      ['', 'F'],
      [[], 'F'],
      [{}, 'F'],
      [null, 'F'],
      [true, 'T'],
      [0.5, 'T'],
      ['false', 'T'],
      ['0', 'T'],
      [[0], 'T'],
      [{ a: null }, 'T'],
    ];
    expect(cases.map(([v]) => render(t, { v }))).toEqual(
      cases.map(([, out]) => out),
    );
    expect(render(t, {})).toBe('F');
  });

  it('chains else if', () => {
    const t =
      '{{ if eq .n 1 }}one{{ else if eq .n 2 }}two{{ else }}many{{ end }}';
    expect([1, 2, 5].map(n => render(t, { n }))).toEqual([
      'one',
      'two',
      'many',
    ]);
  });

  it('rebinds dot in with, and takes else / else with', () => {
    const data = { a: { b: 'x' }, two: 'second' };
    expect(render('{{ with .a }}{{ .b }}/{{ $.two }}{{ end }}', data)).toBe(
      'x/second',
    );
    expect(render('{{ with .missing }}yes{{ else }}none{{ end }}', data)).toBe(
      'none',
    );
    expect(render('{{ with $v := .a.b }}{{ $v }}-{{ . }}{{ end }}', data)).toBe(
      'x-x',
    );
    expect(
      render(
        '{{ with .missing }}1{{ else with .two }}{{ . }}{{ else }}3{{ end }}',
        data,
      ),
    ).toBe('second');
  });

  it('ranges over lists with index and element, rebinding dot', () => {
    const data = { env: 'prod', items: [{ name: 'a' }, { name: 'b' }] };
    expect(
      render('{{ range .items }}{{ .name }}@{{ $.env }} {{ end }}', data),
    ).toBe('a@prod b@prod ');
    expect(
      render(
        '{{ range $i, $x := .items }}{{ $i }}={{ $x.name }};{{ end }}',
        data,
      ),
    ).toBe('0=a;1=b;');
    expect(render('{{ range $x := .items }}{{ $x.name }}{{ end }}', data)).toBe(
      'ab',
    );
  });

  it('ranges over maps in sorted key order', () => {
    const data = { m: { b: 2, a: 1, c: 3, B: 0 } };
    expect(
      render('{{ range $k, $v := .m }}{{ $k }}={{ $v }};{{ end }}', data),
    ).toBe('B=0;a=1;b=2;c=3;');
    expect(render('{{ range .m }}{{ . }}{{ end }}', data)).toBe('0123');
  });

  it('takes the else branch for empty or missing collections', () => {
    const t = '{{ range .v }}x{{ else }}empty{{ end }}';
    expect([[], {}, null].map(v => render(t, { v }))).toEqual([
      'empty',
      'empty',
      'empty',
    ]);
    expect(render(t, {})).toBe('empty');
  });

  it('ranges over an integer, with break and continue', () => {
    expect(render('{{ range 3 }}{{ . }}{{ end }}')).toBe('012');
    expect(
      render(
        '{{ range $i := 10 }}{{ if eq $i 2 }}{{ continue }}{{ end }}{{ if eq $i 4 }}{{ break }}{{ end }}{{ $i }}{{ end }}',
      ),
    ).toBe('013');
    expect(failure('{{ range $i, $x := 3 }}{{ end }}')).toEqual({
      line: 1,
      reason: "can't use 3 to iterate over more than one variable",
    });
  });

  it('refuses to range over a string', () => {
    expect(failure('{{ range .s }}{{ end }}', { s: 'abc' })).toEqual({
      line: 1,
      reason: "range can't iterate over abc",
    });
  });
});

describe('pipelines', () => {
  it('passes the previous value as the last argument', () => {
    expect(render('{{ .name | printf "%s!" }}', { name: 'hi' })).toBe('hi!');
    expect(render('{{ "a" | printf "%s%s" "b" }}')).toBe('ba');
    expect(render('{{ .name | upper | printf "<%s>" }}', { name: 'hi' })).toBe(
      '<HI>',
    );
  });

  it('evaluates parenthesised pipelines, with fields on their result', () => {
    const data = { list: [{ name: 'zero' }, { name: 'one' }], a: 'A', b: 'b' };
    expect(render('{{ (index .list 1).name }}', data)).toBe('one');
    expect(render('{{ printf "%s-%s" (lower .a) (.b | upper) }}', data)).toBe(
      'a-B',
    );
  });
});

describe('Go builtins', () => {
  it('compares with eq (several operands), ne, lt, le, gt, ge', () => {
    expect(
      render('{{ eq .x "a" "b" "c" }} {{ eq .x "a" }} {{ ne .x "c" }}', {
        x: 'c',
      }),
    ).toBe('true false false');
    expect(
      render(
        '{{ lt 1 2 }} {{ le 2 2 }} {{ gt 1 2 }} {{ ge .n 3 }} {{ lt "a" "b" }}',
        { n: 3 },
      ),
    ).toBe('true true false true true');
    expect(
      render('{{ eq .missing nil }} {{ eq .missing "a" }} {{ eq .n 3 }}', {
        n: 3,
      }),
    ).toBe('true false true');
  });

  it('fails comparing different kinds', () => {
    expect(failure('{{ eq 1 "1" }}')).toEqual({
      line: 1,
      reason:
        'error calling eq: incompatible types for comparison: int and string',
    });
    expect(failure('{{ lt .f 2 }}', { f: 1.5 })).toEqual({
      line: 1,
      reason:
        'error calling lt: incompatible types for comparison: float64 and int',
    });
  });

  it('short-circuits and/or and returns the deciding operand', () => {
    expect(
      render('{{ and 1 0 2 }} {{ and 1 2 }} {{ or 0 "" "x" }} {{ or 0 "" }}|'),
    ).toBe('0 2 x |');
    // The failing operand is never evaluated.
    expect(
      render('{{ or true (index .list 99) }} {{ and false (fail "boom") }}', {
        list: [],
      }),
    ).toBe('true false');
    expect(render('{{ not .missing }} {{ not 1 }}')).toBe('true false');
  });

  it('measures len in bytes for strings', () => {
    expect(
      render('{{ len "héllo" }} {{ len .l }} {{ len .m }}', {
        l: [1, 2],
        m: { a: 1 },
      }),
    ).toBe('6 2 1');
  });

  it('indexes lists, maps, nested values and strings', () => {
    const data = { l: ['a', 'b'], m: { 'kebab-key': { x: [10, 20] } } };
    expect(
      render(
        '{{ index .l 1 }} {{ index .m "kebab-key" "x" 1 }} {{ index "abc" 1 }}',
        data,
      ),
    ).toBe('b 20 98');
    expect(render('{{ index .m "nope" }}', data)).toBe('<no value>');
  });

  it('fails on an index out of range, with the line', () => {
    expect(failure('ok\nok\n  {{ index .l 5 }}', { l: [1, 2] })).toEqual({
      line: 3,
      reason: 'error calling index: index out of range: 5',
    });
    expect(failure('{{ index .missing 0 }}')).toEqual({
      line: 1,
      reason: 'error calling index: index of untyped nil',
    });
  });

  it('prints with print and printf', () => {
    expect(render('{{ print "a" 1 2 "b" }} {{ print .missing }}')).toBe(
      'a1 2b <nil>',
    );
    expect(
      render(
        '{{ printf "%5s|%-5s|%05d|%q|%v|%d|%%" "ab" "cd" 42 "x\\"y" (list 1 "a") -3 }}',
      ),
    ).toBe('   ab|cd   |00042|"x\\"y"|[1 a]|-3|%');
  });

  it('refuses printf arguments Go would print as %!verb(...)', () => {
    expect(failure('{{ printf "%d" "x" }}').reason).toMatch(
      /^printf %d of string: Go prints "%!d\(string=x\)"/,
    );
    expect(failure('{{ printf "%s %s" "x" }}').reason).toMatch(
      /^printf has no argument for %s/,
    );
  });
});

describe('Sprig functions', () => {
  it('quote and squote', () => {
    expect(
      render(
        '{{ quote "a\\"b" }} {{ quote 1 2 }} [{{ quote .missing }}] {{ .n | quote }}',
        { n: 5 },
      ),
    ).toBe('"a\\"b" "1" "2" [] "5"');
    expect(render('{{ squote "a" 1 }}')).toBe("'a' '1'");
  });

  it('default and empty', () => {
    expect(
      render(
        '{{ default "d" .missing }} {{ default "d" "" }} {{ default "d" 0 }} {{ default "d" false }} {{ default "d" (list) }} {{ default "d" "x" }} {{ .missing | default "p" }}',
      ),
    ).toBe('d d d d d x p');
    expect(
      render(
        '{{ empty .missing }} {{ empty "" }} {{ empty "a" }} {{ empty (dict) }} {{ empty 0 }}',
      ),
    ).toBe('true true false true true');
  });

  it('string functions', () => {
    expect(
      render('{{ lower "AbC" }} {{ upper "straße" }} [{{ trim "  a b \\n" }}]'),
    ).toBe('abc STRAßE [a b]');
    expect(
      render('{{ replace "-" "_" "a-b-c" }} {{ "a-b" | replace "-" "." }}'),
    ).toBe('a_b_c a.b');
    expect(
      render(
        '{{ trunc 3 "abcdef" }} {{ trunc -2 "abcdef" }} {{ trunc 10 "abc" }}',
      ),
    ).toBe('abc ef abc');
    expect(
      render(
        '{{ trimSuffix ".yaml" "a.yaml" }} {{ trimPrefix "v" "v1.2" }} {{ "v1" | trimPrefix "x" }}',
      ),
    ).toBe('a 1.2 v1');
    expect(
      render(
        '{{ hasPrefix "ab" "abc" }} {{ hasSuffix "bc" "abc" }} {{ contains "x" "abc" }}',
      ),
    ).toBe('true true false');
    expect(render('{{ b64enc "hello" }}')).toBe('aGVsbG8=');
  });

  it('requires strings where Sprig takes strings', () => {
    expect(failure('{{ lower 3 }}')).toEqual({
      line: 1,
      reason: 'expected string; found 3',
    });
    expect(failure('{{ .n | lower }}', { n: 3 })).toEqual({
      line: 1,
      reason: 'wrong type for value; expected string; got int64',
    });
  });

  it("takes only Go ints (literals, len) where Sprig wants an int, not the data's int64", () => {
    expect(render('{{ trunc (len "ab") "abc" }}')).toBe('ab');
    expect(failure('{{ trunc .n "abc" }}', { n: 2 })).toEqual({
      line: 1,
      reason: 'wrong type for value; expected int; got int64',
    });
  });

  it('fails on a field of a string, as Go does', () => {
    expect(failure('{{ .a.s.x }}', { a: { s: 'str' } })).toEqual({
      line: 1,
      reason: "can't evaluate field x in type interface {}",
    });
  });

  it('indent and nindent', () => {
    expect(render('{{ indent 2 "a\\nb" }}|{{ "a\\nb" | nindent 4 }}')).toBe(
      '  a\n  b|\n    a\n    b',
    );
  });

  it('add and sub (through cast.ToInt64)', () => {
    expect(
      render('{{ add 1 2 "3" }} {{ add 1 1.9 }} {{ sub 10 3 }} {{ add }}'),
    ).toBe('6 2 7 0');
  });

  it('list, dict, get, hasKey, join', () => {
    expect(render('{{ list 1 "a" }} {{ dict "b" 2 "a" 1 }}')).toBe(
      '[1 a] map[a:1 b:2]',
    );
    expect(
      render(
        '{{ get (dict "a" 1) "a" }}[{{ get (dict) "x" }}] {{ hasKey (dict "a" 1) "a" }} {{ hasKey .m "z" }}',
        { m: {} },
      ),
    ).toBe('1[] true false');
    expect(
      render('{{ join "," (list "a" 1 nil "b") }} {{ join "+" .tags }}', {
        tags: ['x', 'y'],
      }),
    ).toBe('a,1,b x+y');
  });

  it('toJson: sorted keys, HTML-escaped strings', () => {
    expect(
      render('{{ toJson (dict "b" 1 "a" (list "x" "<y>") "c" nil) }}'),
    ).toBe('{"a":["x","\\u003cy\\u003e"],"b":1,"c":null}');
    expect(render('{{ toJson .v }}', { v: { f: 0.5, s: 'a"b' } })).toBe(
      '{"f":0.5,"s":"a\\"b"}',
    );
  });
});

describe('toYaml (function-go-templating: gopkg.in/yaml.v3 Marshal)', () => {
  it('sorts keys, indents by 4, indents sequences under their key and keeps the trailing newline', () => {
    const spec = {
      name: 'web',
      replicas: 3,
      ratio: 0.5,
      enabled: true,
      empty: {},
      none: null,
      list: [],
      tags: ['a', 'b'],
      ports: [{ name: 'http', port: 80, nested: { deep: 1 } }],
      note: 'line1\nline2\n',
      version: '1.10',
      on: 'on',
      date: '2024-01-15',
      colon: 'a: b',
      hash: 'a #b',
      star: '*x',
      quote: "it's",
      tab: 'a\tb',
      lead: ' x',
      empty_string: '',
      yes: 'no',
    };
    expect(render('{{ toYaml .spec }}', { spec })).toBe(
      [
        "colon: 'a: b'",
        'date: "2024-01-15"',
        'empty: {}',
        'empty_string: ""',
        'enabled: true',
        "hash: 'a #b'",
        "lead: ' x'",
        'list: []',
        'name: web',
        'none: null',
        'note: |',
        '    line1',
        '    line2',
        '"on": "on"',
        'ports:',
        '    - name: http',
        '      nested:',
        '        deep: 1',
        '      port: 80',
        "quote: it's",
        'ratio: 0.5',
        'replicas: 3',
        "star: '*x'",
        'tab: "a\\tb"',
        'tags:',
        '    - a',
        '    - b',
        'version: "1.10"',
        '"yes": "no"',
        '',
      ].join('\n'),
    );
  });

  it('marshals scalars and lists on their own', () => {
    expect(
      render(
        '{{ toYaml "hello" }}|{{ toYaml .missing }}|{{ toYaml 3 }}|{{ toYaml "true" }}',
      ),
    ).toBe('hello\n|null\n|3\n|"true"\n');
    expect(
      render('{{ toYaml .l }}', { l: [{ a: 1, b: [1, 2] }, 'x\ny'] }),
    ).toBe('- a: 1\n  b:\n    - 1\n    - 2\n- |-\n  x\n  y\n');
  });

  it('keeps the trailing newline through nindent', () => {
    expect(
      render('tags:{{ toYaml .t | nindent 2 }}', { t: { b: 1, a: 2 } }),
    ).toBe('tags:\n  a: 2\n  b: 1\n  ');
  });
});

describe('function-go-templating functions', () => {
  it('setResourceNameAnnotation prints the annotation line', () => {
    expect(render('{{ setResourceNameAnnotation "bucket" }}')).toBe(
      'gotemplating.fn.crossplane.io/composition-resource-name: bucket',
    );
  });

  const data = {
    observed: {
      composite: { resource: { metadata: { name: 'xr-1' } } },
      resources: {
        bucket: {
          resource: { status: { atProvider: { arn: 'arn:aws:s3:::b' } } },
        },
      },
    },
  };

  it('getComposedResource finds an observed resource, or gives a nil map', () => {
    expect(
      render(
        '{{ (getComposedResource . "bucket").status.atProvider.arn }}',
        data,
      ),
    ).toBe('arn:aws:s3:::b');
    expect(render('{{ getComposedResource . "nope" }}', data)).toBe('map[]');
    expect(render('{{ (getComposedResource . "nope").status.x }}', data)).toBe(
      '<no value>',
    );
    expect(
      render(
        '{{ with getComposedResource . "nope" }}yes{{ else }}none{{ end }}',
        data,
      ),
    ).toBe('none');
  });

  it('getCompositeResource gives the observed composite', () => {
    expect(
      render(
        '{{ $xr := getCompositeResource . }}{{ $xr.metadata.name }}',
        data,
      ),
    ).toBe('xr-1');
  });
});

describe('a realistic composition template', () => {
  const template = `{{- $xr := .observed.composite.resource }}
{{- $region := $xr.spec.region | default "eu-west-1" }}
{{- range $i, $t := $xr.spec.targets }}
---
apiVersion: s3.aws.upbound.io/v1beta1
kind: Bucket
metadata:
  name: {{ printf "%s-%s" $xr.metadata.name $t.name }}
  annotations:
    {{ setResourceNameAnnotation (printf "bucket-%s" $t.name) }}
  labels:
    app.kubernetes.io/part-of: {{ $xr.metadata.name | quote }}
    target-index: {{ $i | quote }}
spec:
  forProvider:
    region: {{ $t.region | default $region }}
    {{- with $t.tags }}
    tags:
      {{- toYaml . | nindent 6 }}
    {{- end }}
  {{- if $t.versioned }}
---
apiVersion: s3.aws.upbound.io/v1beta1
kind: BucketVersioning
metadata:
  annotations:
    {{ setResourceNameAnnotation (printf "versioning-%s" $t.name) }}
spec:
  forProvider:
    region: {{ $t.region | default $region }}
    bucketRef:
      name: {{ printf "%s-%s" $xr.metadata.name $t.name }}
    versioningConfiguration:
      - status: Enabled
  {{- end }}
{{- end }}
`;
  const request = {
    observed: {
      composite: {
        resource: {
          apiVersion: 'platform.trinity.dev/v1alpha1',
          kind: 'XStorage',
          metadata: { name: 'shop' },
          spec: {
            targets: [
              {
                name: 'assets',
                region: 'us-east-1',
                versioned: true,
                tags: { team: 'web', env: 'prod' },
              },
              { name: 'logs' },
            ],
          },
        },
      },
      resources: {},
    },
  };
  const annotation = 'gotemplating.fn.crossplane.io/composition-resource-name';

  it('renders the documents Go renders, byte for byte', () => {
    expect(render(template, request)).toBe(
      [
        '',
        '---',
        'apiVersion: s3.aws.upbound.io/v1beta1',
        'kind: Bucket',
        'metadata:',
        '  name: shop-assets',
        '  annotations:',
        `    ${annotation}: bucket-assets`,
        '  labels:',
        '    app.kubernetes.io/part-of: "shop"',
        '    target-index: "0"',
        'spec:',
        '  forProvider:',
        '    region: us-east-1',
        '    tags:',
        '      env: prod',
        '      team: web',
        '      ',
        '---',
        'apiVersion: s3.aws.upbound.io/v1beta1',
        'kind: BucketVersioning',
        'metadata:',
        '  annotations:',
        `    ${annotation}: versioning-assets`,
        'spec:',
        '  forProvider:',
        '    region: us-east-1',
        '    bucketRef:',
        '      name: shop-assets',
        '    versioningConfiguration:',
        '      - status: Enabled',
        '---',
        'apiVersion: s3.aws.upbound.io/v1beta1',
        'kind: Bucket',
        'metadata:',
        '  name: shop-logs',
        '  annotations:',
        `    ${annotation}: bucket-logs`,
        '  labels:',
        '    app.kubernetes.io/part-of: "shop"',
        '    target-index: "1"',
        'spec:',
        '  forProvider:',
        '    region: eu-west-1',
        '',
      ].join('\n'),
    );
  });

  it('parses into the composed resources', () => {
    const docs = parseAllDocuments(render(template, request));
    expect(docs.map(d => d.errors)).toEqual([[], [], []]);
    expect(docs.map(d => d.toJS())).toEqual([
      {
        apiVersion: 's3.aws.upbound.io/v1beta1',
        kind: 'Bucket',
        metadata: {
          name: 'shop-assets',
          annotations: { [annotation]: 'bucket-assets' },
          labels: { 'app.kubernetes.io/part-of': 'shop', 'target-index': '0' },
        },
        spec: {
          forProvider: {
            region: 'us-east-1',
            tags: { env: 'prod', team: 'web' },
          },
        },
      },
      {
        apiVersion: 's3.aws.upbound.io/v1beta1',
        kind: 'BucketVersioning',
        metadata: { annotations: { [annotation]: 'versioning-assets' } },
        spec: {
          forProvider: {
            region: 'us-east-1',
            bucketRef: { name: 'shop-assets' },
            versioningConfiguration: [{ status: 'Enabled' }],
          },
        },
      },
      {
        apiVersion: 's3.aws.upbound.io/v1beta1',
        kind: 'Bucket',
        metadata: {
          name: 'shop-logs',
          annotations: { [annotation]: 'bucket-logs' },
          labels: { 'app.kubernetes.io/part-of': 'shop', 'target-index': '1' },
        },
        spec: { forProvider: { region: 'eu-west-1' } },
      },
    ]);
  });
});

describe('errors', () => {
  it('is a TemplateError carrying the line in its message', () => {
    const error = (() => {
      try {
        return renderGoTemplate('a\n{{ nope }}', {});
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(TemplateError);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(
      'line 2: function "nope" not defined',
    );
  });

  it('names unknown functions and the ones Go has but the renderer does not', () => {
    expect(failure('line1\n{{ foo .x }}')).toEqual({
      line: 2,
      reason: 'function "foo" not defined',
    });
    expect(failure('a\n\n{{ .x | sha256sum }}')).toEqual({
      line: 3,
      reason: 'function "sha256sum" is not supported by this renderer',
    });
    expect(failure('{{ env "HOME" }}')).toEqual({
      line: 1,
      reason: 'function "env" not defined',
    });
  });

  it('reports syntax errors where Go does', () => {
    expect(failure('{{ if .a }}\nx\n')).toEqual({
      line: 3,
      reason: 'unexpected EOF',
    });
    expect(failure('a\n{{ end }}')).toEqual({
      line: 2,
      reason: 'unexpected {{end}}',
    });
    expect(failure('a\n{{ .a ')).toEqual({
      line: 2,
      reason: 'unclosed action',
    });
    expect(failure('{{ .a-b }}')).toEqual({
      line: 1,
      reason: "bad character U+002D '-'",
    });
    expect(failure('{{ }}')).toEqual({
      line: 1,
      reason: 'missing value for command',
    });
    expect(failure('{{ .a | "x" }}')).toEqual({
      line: 1,
      reason: 'non executable command in pipeline stage 2',
    });
    expect(failure('x\n{{ template "t" }}').line).toBe(2);
  });

  it('reports wrong argument counts at run time', () => {
    expect(failure('\n{{ lower "a" "b" }}')).toEqual({
      line: 2,
      reason: 'wrong number of args for lower: want 1 got 2',
    });
  });

  it('reports a fail call', () => {
    expect(
      failure('{{ if not .name }}{{ fail "name is required" }}{{ end }}'),
    ).toEqual({
      line: 1,
      reason: 'error calling fail: name is required',
    });
  });
});

describe('GoTemplate options and delimiters', () => {
  it('missingkey=error fails on a missing key', () => {
    expect(
      failure(
        '{{ .a }}\n{{ .b }}',
        { a: 1 },
        { options: ['missingkey=error'] },
      ),
    ).toEqual({
      line: 2,
      reason: 'map has no entry for key "b"',
    });
  });

  it('missingkey=zero gives a nil interface', () => {
    expect(render('{{ .b }}', {}, { options: ['missingkey=zero'] })).toBe(
      '<no value>',
    );
    expect(
      failure('{{ .b.c }}', {}, { options: ['missingkey=zero'] }).reason,
    ).toBe('nil pointer evaluating interface {}.c');
  });

  it('uses custom delimiters when both are given', () => {
    expect(
      render(
        '[[ .a ]] {{ .a }}',
        { a: 1 },
        { delims: { left: '[[', right: ']]' } },
      ),
    ).toBe('1 {{ .a }}');
  });
});
