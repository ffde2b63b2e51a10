import type { FieldError } from './field-errors';
import { fieldError } from './field-errors';
import { isQualifiedName, isValidLabelValue, isValidPortName, isValidPortNum } from './names';
import { PROTOCOLS } from '../model/types';
import { isIP, ipRange } from '../net/ipv4';

/** Runs a name check and turns each problem into `field.Invalid(path, value, msg)`. */
export function invalidEach(path: string, value: unknown, problems: readonly string[]): FieldError[] {
  return problems.map((msg) => fieldError.invalid(path, value, msg));
}

/** ValidateLabels (apimachinery metav1 validation): keys are qualified names, values label values. */
export function validateLabels(labels: Record<string, string> | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [key, value] of Object.entries(labels ?? {})) {
    errs.push(...invalidEach(path, key, isQualifiedName(key)));
    errs.push(...invalidEach(path, value, isValidLabelValue(value)));
  }
  return errs;
}

export function validateProtocol(protocol: string | undefined, path: string): FieldError[] {
  if (protocol === undefined) return [];
  if (protocol === '') return [fieldError.required(path, '')];
  return (PROTOCOLS as readonly string[]).includes(protocol) ? [] : [fieldError.notSupported(path, protocol, PROTOCOLS)];
}

export function validatePortNum(port: number | undefined, path: string): FieldError[] {
  return port === undefined ? [] : invalidEach(path, port, isValidPortNum(port));
}

/** ValidatePortNumOrName: a number in range, or an IANA_SVC_NAME. */
export function validatePortNumOrName(port: number | string | undefined, path: string): FieldError[] {
  if (port === undefined) return [];
  if (typeof port === 'number') return invalidEach(path, port, isValidPortNum(port));
  return invalidEach(path, port, isValidPortName(port));
}

/** validation.IsValidIP wording (k8s.io/apimachinery/pkg/util/validation/ip.go). */
export const INVALID_IP_DETAIL = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

export function validateIP(ip: string, path: string): FieldError[] {
  return isIP(ip) ? [] : [fieldError.invalid(path, ip, INVALID_IP_DETAIL)];
}

/**
 * ValidateNonSpecialIP (pkg/apis/core/validation/validation.go): addresses that can never be a
 * destination a proxy may forward to. Used for Endpoints addresses and Service externalIPs, after
 * validation.IsValidIP; an address that does not parse is reported again here, as Kubernetes does.
 */
export function validateNonSpecialIP(ip: string, path: string): FieldError[] {
  if (!isIP(ip)) return [fieldError.invalid(path, ip, 'must be a valid IP address')];
  const range = ipRange(ip);
  if (range === 'unspecified') return [fieldError.invalid(path, ip, `may not be unspecified (${ip})`)];
  if (range === 'loopback') return [fieldError.invalid(path, ip, 'may not be in the loopback range (127.0.0.0/8, ::1/128)')];
  if (range === 'linkLocal') {
    return [fieldError.invalid(path, ip, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)')];
  }
  if (range === 'multicast' && (ip.startsWith('224.0.0.') || ip.toLowerCase().startsWith('ff02:'))) {
    return [fieldError.invalid(path, ip, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)')];
  }
  return [];
}

export function validateNonNegative(value: number | undefined, path: string): FieldError[] {
  return value !== undefined && value < 0 ? [fieldError.invalid(path, value, 'must be greater than or equal to 0')] : [];
}
