/**
 * The container's whole environment: expansion.Expand (third_party/forked/golang/expansion,
 * cases of expansion_test.go) and makeEnvironmentVariables (pkg/kubelet/kubelet_pods.go, the "env
 * expansion" case of kubelet_pods_test.go TestMakeEnvironmentVariables).
 */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../index';
import { expand, mappingFuncFor } from './container-env';

describe('expansion.Expand (expansion_test.go)', () => {
  const context = new Map([
    ['VAR_A', 'A'],
    ['VAR_B', 'B'],
    ['VAR_C', 'C'],
    ['VAR_REF', '$(VAR_A)'],
    ['VAR_EMPTY', ''],
  ]);
  const mapping = mappingFuncFor(context);
  it.each([
    ['whole string', '$(VAR_A)', 'A'],
    ['repeat', '$(VAR_A)-$(VAR_A)', 'A-A'],
    ['beginning', '$(VAR_A)-1', 'A-1'],
    ['middle', '___$(VAR_B)___', '___B___'],
    ['end', '___$(VAR_C)', '___C'],
    ['compound', '$(VAR_A)_$(VAR_B)_$(VAR_C)', 'A_B_C'],
    ['escape & expand', '$$(VAR_B)_$(VAR_A)', '$(VAR_B)_A'],
    ['compound escape', '$$(VAR_A)_$$(VAR_B)', '$(VAR_A)_$(VAR_B)'],
    ['mixed in escapes', 'f000-$$VAR_A', 'f000-$VAR_A'],
    ['backslash escape ignored', 'foo\\$(VAR_C)bar', 'foo\\Cbar'],
    ['backslash escape ignored 2', 'foo\\\\$(VAR_C)bar', 'foo\\\\Cbar'],
    ['lots of backslashes', 'foo\\\\\\\\$(VAR_A)bar', 'foo\\\\\\\\Abar'],
    ['nested var references', '$(VAR_A$(VAR_B))', '$(VAR_A$(VAR_B))'],
    ['nested var references second type', '$(VAR_A$(VAR_B)', '$(VAR_A$(VAR_B)'],
    ['value is a reference', '$(VAR_REF)', '$(VAR_A)'],
    ['value is a reference x 2', '%%$(VAR_REF)--$(VAR_REF)%%', '%%$(VAR_A)--$(VAR_A)%%'],
    ['empty var', 'foo$(VAR_EMPTY)bar', 'foobar'],
    ['unterminated expression', 'foo$(VAR_Awhoops!', 'foo$(VAR_Awhoops!'],
    ['expression without operator', 'f00__(VAR_A)__', 'f00__(VAR_A)__'],
    ['shell special vars pass through', '$?_boo_$!', '$?_boo_$!'],
    ['bare operators are ignored', '$VAR_A', '$VAR_A'],
    ['undefined vars are passed through', '$(VAR_DNE)', '$(VAR_DNE)'],
    ['multiple (even) operators, var undefined', '$$$$$$(BIG_MONEY)', '$$$(BIG_MONEY)'],
    ['multiple (even) operators, var defined', '$$$$$$(VAR_A)', '$$$(VAR_A)'],
    ['multiple (odd) operators, var undefined', '$$$$$$$(GOOD_ODDS)', '$$$$(GOOD_ODDS)'],
    ['multiple (odd) operators, var defined', '$$$$$$$(VAR_A)', '$$$A'],
    ['missing open expression', '$VAR_A)', '$VAR_A)'],
    ['shell syntax ignored', '${VAR_A}', '${VAR_A}'],
    ['trailing incomplete expression not consumed', '$(VAR_B)_______$(A', 'B_______$(A'],
    ['trailing incomplete expression, no content, is not consumed', '$(VAR_C)_______$(', 'C_______$('],
    ['operator at end of input string is preserved', '$(VAR_A)foobarzab$', 'Afoobarzab$'],
    ['shell escaped incomplete expr', 'foo-\\$(VAR_A', 'foo-\\$(VAR_A'],
    ['lots of $( in middle', '--$($($($($--', '--$($($($($--'],
    ['lots of $( in beginning', '$($($($($--foo$(', '$($($($($--foo$('],
    ['lots of $( at end', 'foo0--$($($($(', 'foo0--$($($($('],
    ['escaped operators in variable names are not escaped', '$(foo$$var)', '$(foo$$var)'],
    ['newline not expanded', '\n', '\n'],
  ])('%s', (_, input, expected) => {
    expect(expand(input, mapping)).toBe(expected);
  });
});

const SERVICE = `apiVersion: v1
kind: Service
metadata: {name: test}
spec:
  selector: {app: nothing}
  ports: [{port: 8083}]
`;

const POD = `apiVersion: v1
kind: Pod
metadata: {name: dapi-test-pod-name, labels: {app: dapi}}
spec:
  nodeName: node-2
  containers:
  - name: c
    image: busybox
    env:
    - {name: TEST_LITERAL, value: test-test-test}
    - name: POD_NAME
      valueFrom: {fieldRef: {fieldPath: metadata.name}}
    - {name: OUT_OF_ORDER_TEST, value: $(OUT_OF_ORDER_TARGET)}
    - {name: OUT_OF_ORDER_TARGET, value: FOO}
    - {name: EMPTY_VAR}
    - {name: EMPTY_TEST, value: foo-$(EMPTY_VAR)}
    - {name: POD_NAME_TEST2, value: test2-$(POD_NAME)}
    - {name: POD_NAME_TEST3, value: $(POD_NAME_TEST2)-3}
    - {name: LITERAL_TEST, value: literal-$(TEST_LITERAL)}
    - {name: SERVICE_VAR_TEST, value: "$(TEST_SERVICE_HOST):$(TEST_SERVICE_PORT)"}
    - {name: TEST_UNDEFINED, value: $(UNDEFINED_VAR)}
    - name: MY_POD_IP
      valueFrom: {fieldRef: {fieldPath: status.podIP}}
    - name: MY_NAMESPACE
      valueFrom: {fieldRef: {fieldPath: metadata.namespace}}
    - name: MY_NODE
      valueFrom: {fieldRef: {fieldPath: spec.nodeName}}
    - name: MY_APP
      valueFrom: {fieldRef: {fieldPath: "metadata.labels['app']"}}
    - {name: TEST_SERVICE_PORT, value: overridden}
    envFrom:
    - configMapRef: {name: settings}
`;

describe('makeEnvironmentVariables (kubelet_pods_test.go TestMakeEnvironmentVariables, "env expansion")', () => {
  const c = createCluster(`${SERVICE}---\n${POD}`);
  const env = c.env('dapi-test-pod-name') ?? {};
  const serviceIP = c.get('Service', 'test')?.spec.clusterIP ?? '';

  it('expands $(VAR) against the variables declared before it and the Service variables', () => {
    expect(env).toMatchObject({
      TEST_LITERAL: 'test-test-test',
      POD_NAME: 'dapi-test-pod-name',
      POD_NAME_TEST2: 'test2-dapi-test-pod-name',
      POD_NAME_TEST3: 'test2-dapi-test-pod-name-3',
      LITERAL_TEST: 'literal-test-test-test',
      OUT_OF_ORDER_TEST: '$(OUT_OF_ORDER_TARGET)',
      OUT_OF_ORDER_TARGET: 'FOO',
      TEST_UNDEFINED: '$(UNDEFINED_VAR)',
      EMPTY_VAR: '',
      EMPTY_TEST: 'foo-',
      // Expanded with the Service's own variable: TEST_SERVICE_PORT is redefined only later.
      SERVICE_VAR_TEST: `${serviceIP}:8083`,
    });
  });

  it('reads the downward API fields from the pod (podFieldSelectorRuntimeValue)', () => {
    expect(env.MY_POD_IP).toBe(c.get('Pod', 'dapi-test-pod-name')?.status.podIP);
    expect(env).toMatchObject({ MY_NAMESPACE: 'default', MY_NODE: 'node-2', MY_APP: 'dapi' });
  });

  it("a container's own variable beats the Service variable of the same name; the other Service variables stay", () => {
    expect(env.TEST_SERVICE_PORT).toBe('overridden');
    expect(env.TEST_SERVICE_HOST).toBe(serviceIP);
    expect(env.KUBERNETES_SERVICE_HOST).toBe('10.96.0.1');
  });

  it('envFrom a ConfigMap adds nothing (ConfigMaps are not simulated)', () => {
    expect(
      Object.keys(env)
        .filter((k) => !/^(TEST|KUBERNETES)_/.test(k) && !k.startsWith('MY_'))
        .sort(),
    ).toEqual(
      [
        'EMPTY_TEST',
        'EMPTY_VAR',
        'LITERAL_TEST',
        'OUT_OF_ORDER_TARGET',
        'OUT_OF_ORDER_TEST',
        'POD_NAME',
        'POD_NAME_TEST2',
        'POD_NAME_TEST3',
        'SERVICE_VAR_TEST',
      ].sort(),
    );
  });

  it('keeps the Service history: a Service created after the pod started is neither in env nor expanded', () => {
    const late = createCluster(POD);
    late.apply(SERVICE);
    const e = late.env('dapi-test-pod-name') ?? {};
    expect(e.TEST_SERVICE_HOST).toBeUndefined();
    expect(e.SERVICE_VAR_TEST).toBe('$(TEST_SERVICE_HOST):$(TEST_SERVICE_PORT)');
  });

  it('env(pod, namespace, container) picks a container by name; an unknown one is undefined', () => {
    expect(c.env('dapi-test-pod-name', 'default', 'c')).toEqual(env);
    expect(c.env('dapi-test-pod-name', 'default', 'nope')).toBeUndefined();
  });
});
