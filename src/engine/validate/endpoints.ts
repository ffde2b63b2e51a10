/**
 * Endpoints checks from ValidateEndpoints / validateEndpointSubsets / validateEndpointAddress /
 * validateEndpointPort in kubernetes/pkg/apis/core/validation/validation.go.
 */
import type { EndpointsInput } from '../model/schemas';
import type { FieldError } from './field-errors';
import { fieldError } from './field-errors';
import { invalidEach, validateIP, validateNonSpecialIP, validatePortNum, validateProtocol } from './common';
import { isDNS1123Label, isDNS1123Subdomain } from './names';

type AddressInput = NonNullable<NonNullable<EndpointsInput['subsets']>[number]['addresses']>[number];

function validateAddress(address: AddressInput, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const ip = address.ip ?? '';
  // validateEndpointAddress: IsValidIP first, then ValidateNonSpecialIP (which repeats an unparsable address).
  errs.push(...validateIP(ip, `${path}.ip`));
  if (address.hostname) errs.push(...invalidEach(`${path}.hostname`, address.hostname, isDNS1123Label(address.hostname)));
  if (address.nodeName) errs.push(...invalidEach(`${path}.nodeName`, address.nodeName, isDNS1123Subdomain(address.nodeName)));
  errs.push(...validateNonSpecialIP(ip, `${path}.ip`));
  return errs;
}

export function validateEndpointSubsets(endpoints: EndpointsInput): FieldError[] {
  const errs: FieldError[] = [];
  (endpoints.subsets ?? []).forEach((subset, i) => {
    const path = `subsets[${i}]`;
    if ((subset.addresses ?? []).length === 0 && (subset.notReadyAddresses ?? []).length === 0) {
      errs.push(fieldError.required(path, 'must specify `addresses` or `notReadyAddresses`'));
    }
    (subset.addresses ?? []).forEach((a, j) => errs.push(...validateAddress(a, `${path}.addresses[${j}]`)));
    (subset.notReadyAddresses ?? []).forEach((a, j) => errs.push(...validateAddress(a, `${path}.notReadyAddresses[${j}]`)));
    const ports = subset.ports ?? [];
    ports.forEach((port, j) => {
      const p = `${path}.ports[${j}]`;
      // validateEndpointPort: a name is required when there are several ports; duplicates are not checked.
      if (ports.length > 1 && !port.name) {
        errs.push(fieldError.required(`${p}.name`, ''));
      } else if (port.name) {
        errs.push(...invalidEach(`${p}.name`, port.name, isDNS1123Label(port.name)));
      }
      errs.push(...validatePortNum(port.port, `${p}.port`));
      errs.push(...validateProtocol(port.protocol, `${p}.protocol`)); // SetDefaults_EndpointPort: TCP
    });
  });
  return errs;
}
