/**
 * The name and value checks of staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go,
 * word for word: each helper returns the list of problems Kubernetes would report (empty when
 * the value is fine).
 */
import { describe, expect, it } from 'vitest';
import {
  inclusiveRangeError,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  isValidPortName,
  isValidPortNum,
  isWildcardDNS1123Subdomain,
  maxLenError,
  regexError,
} from './names';

const DNS1123_LABEL_RE = "'[a-z0-9]([-a-z0-9]*[a-z0-9])?'";
const DNS1123_LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is " +
  `${DNS1123_LABEL_RE})`;
const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1035_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const WILDCARD_MSG =
  "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const QUALIFIED_NAME_PART =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

interface NameCase {
  value: string;
  problems: string[];
}

function table(check: (value: string) => string[], rows: NameCase[]): void {
  it.each(rows)('$value', ({ value, problems }) => {
    expect(check(value)).toEqual(problems);
  });
}

describe('RegexError and friends (validation.go)', () => {
  it('RegexError puts "or" between examples and leaves the double space Go leaves', () => {
    expect(regexError('bad', 'x+')).toBe("bad (regex used for validation is 'x+')");
    expect(regexError('bad', 'x+', 'x')).toBe("bad (e.g. 'x', regex used for validation is 'x+')");
    expect(regexError('bad', 'x+', 'x', 'xx')).toBe("bad (e.g. 'x',  or 'xx', regex used for validation is 'x+')");
  });

  it('MaxLenError and InclusiveRangeError', () => {
    expect(maxLenError(63)).toBe('must be no more than 63 characters');
    expect(inclusiveRangeError(1, 65535)).toBe('must be between 1 and 65535, inclusive');
  });
});

describe('IsDNS1123Label (Namespace names, Service port names, container names, hostnames)', () => {
  table(isDNS1123Label, [
    { value: 'web', problems: [] },
    { value: '123-abc', problems: [] },
    { value: 'a'.repeat(63), problems: [] },
    { value: 'Web', problems: [DNS1123_LABEL_MSG] },
    { value: 'web-', problems: [DNS1123_LABEL_MSG] },
    { value: 'web_1', problems: [DNS1123_LABEL_MSG] },
    { value: '', problems: [DNS1123_LABEL_MSG] },
    // A valid subdomain that is not a label can only be one with dots.
    { value: 'web.example', problems: ['must not contain dots'] },
    { value: 'a'.repeat(64), problems: ['must be no more than 63 characters'] },
  ]);
});

describe('IsDNS1123Subdomain (Pod, Deployment, Endpoints, Ingress names; hosts)', () => {
  table(isDNS1123Subdomain, [
    { value: 'example.com', problems: [] },
    { value: 'my-app.v1', problems: [] },
    { value: '10.1.2.3', problems: [] },
    { value: 'My.example.com', problems: [DNS1123_SUBDOMAIN_MSG] },
    { value: 'my_db.example.com', problems: [DNS1123_SUBDOMAIN_MSG] },
    { value: 'example.com.', problems: [DNS1123_SUBDOMAIN_MSG] },
    { value: `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`, problems: [] },
    {
      value: `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`,
      problems: ['must be no more than 253 characters'],
    },
  ]);
});

describe('IsDNS1035Label (Service names)', () => {
  table(isDNS1035Label, [
    { value: 'web', problems: [] },
    { value: 'abc-123', problems: [] },
    { value: '1web', problems: [DNS1035_MSG] },
    { value: 'Web', problems: [DNS1035_MSG] },
    { value: 'web-', problems: [DNS1035_MSG] },
    { value: 'web.example', problems: [DNS1035_MSG] },
    { value: 'a'.repeat(64), problems: ['must be no more than 63 characters'] },
  ]);
});

describe('IsWildcardDNS1123Subdomain (Ingress hosts with *)', () => {
  table(isWildcardDNS1123Subdomain, [
    { value: '*.example.com', problems: [] },
    { value: '*', problems: [WILDCARD_MSG] },
    { value: 'www.*.example.com', problems: [WILDCARD_MSG] },
    { value: '*.Example.com', problems: [WILDCARD_MSG] },
  ]);
});

describe('IsQualifiedName (label and annotation keys)', () => {
  table(isQualifiedName, [
    { value: 'app', problems: [] },
    { value: 'MyName', problems: [] },
    { value: 'app.kubernetes.io/name', problems: [] },
    { value: 'bad key!', problems: [QUALIFIED_NAME_PART] },
    { value: '-app', problems: [QUALIFIED_NAME_PART] },
    { value: 'a'.repeat(64), problems: ['name part must be no more than 63 characters'] },
    { value: '/app', problems: ['prefix part must be non-empty'] },
    { value: 'example.com/', problems: ['name part must be non-empty', QUALIFIED_NAME_PART] },
    {
      value: 'Example.com/app',
      problems: [`prefix part ${DNS1123_SUBDOMAIN_MSG}`],
    },
    {
      value: 'a/b/c',
      problems: [
        "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
      ],
    },
  ]);
});

describe('IsValidLabelValue (label values, selector values)', () => {
  table(isValidLabelValue, [
    { value: '', problems: [] },
    { value: 'MyValue', problems: [] },
    { value: 'my_value', problems: [] },
    { value: '1.0', problems: [] },
    { value: '-web', problems: [LABEL_VALUE_MSG] },
    { value: 'web app', problems: [LABEL_VALUE_MSG] },
    { value: 'a'.repeat(64), problems: ['must be no more than 63 characters'] },
  ]);
});

describe('IsValidPortName (IANA_SVC_NAME: container port names, named targetPorts)', () => {
  table(isValidPortName, [
    { value: 'http', problems: [] },
    { value: 'http-alt', problems: [] },
    { value: 'h2c', problems: [] },
    { value: 'http_web', problems: ['must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)'] },
    {
      value: 'HTTP',
      problems: ['must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)', 'must contain at least one letter (a-z)'],
    },
    { value: '8080', problems: ['must contain at least one letter (a-z)'] },
    { value: 'metrics-endpoint', problems: ['must be no more than 15 characters'] },
    { value: 'http--web', problems: ['must not contain consecutive hyphens'] },
    { value: '-http', problems: ['must not begin or end with a hyphen'] },
    { value: 'http-', problems: ['must not begin or end with a hyphen'] },
  ]);
});

describe('IsValidPortNum', () => {
  it.each([1, 80, 65535])('%i is a port', (port) => {
    expect(isValidPortNum(port)).toEqual([]);
  });
  it.each([0, -1, 65536, 70000, 80.5])('%d is not', (port) => {
    expect(isValidPortNum(port)).toEqual(['must be between 1 and 65535, inclusive']);
  });
});
