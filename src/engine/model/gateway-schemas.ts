/**
 * The Gateway API kinds' shapes as their CRDs decode them (kubernetes-sigs/gateway-api
 * config/crd/standard/gateway.networking.k8s.io_*.yaml, generated from apis/v1/*_types.go):
 * types only; the CRDs' enums, patterns and CEL rules are checked in validate/gateway.ts so they
 * are reported with the field path and line.
 */
import { z } from 'zod';
import { labelSelectorSchema, objectMetaSchema } from './schemas';

const int = z.number().int();
const anything = z.unknown();
const typeMeta = { apiVersion: z.string(), kind: z.string(), metadata: objectMetaSchema.optional() };

const conditionSchema = z.looseObject({
  type: z.string(),
  status: z.string(),
  reason: z.string().optional(),
  message: z.string().optional(),
  observedGeneration: int.optional(),
  lastTransitionTime: anything.optional(),
});

// ---- GatewayClass --------------------------------------------------------------------------

export const gatewayClassSchema = z.looseObject({
  ...typeMeta,
  spec: z
    .looseObject({
      controllerName: z
        .string()
        .optional()
        .describe('The controller that manages Gateways of this class, e.g. gateway.envoyproxy.io/gatewayclass-controller'),
      description: z.string().optional(),
      parametersRef: anything.optional(),
    })
    .optional(),
  status: z.looseObject({ conditions: z.array(conditionSchema).optional() }).optional(),
});

// ---- Gateway -------------------------------------------------------------------------------

const routeGroupKindSchema = z.looseObject({ group: z.string().optional(), kind: z.string() });

export const listenerSchema = z.looseObject({
  name: z.string().optional().describe('Unique within the Gateway; a route names it in parentRefs[].sectionName'),
  hostname: z.string().optional().describe('Only requests for this host (or, for *.example.com, any subdomain) use this listener'),
  port: int.optional().describe('The port the Gateway listens on'),
  protocol: z.string().optional().describe('HTTP, HTTPS, TLS, TCP or UDP'),
  tls: z
    .looseObject({
      mode: z.string().optional().describe('Terminate (default) or Passthrough'),
      certificateRefs: z
        .array(
          z.looseObject({ group: z.string().optional(), kind: z.string().optional(), name: z.string(), namespace: z.string().optional() }),
        )
        .optional(),
      options: z.record(z.string(), z.string()).optional(),
      frontendValidation: anything.optional(),
    })
    .optional(),
  allowedRoutes: z
    .looseObject({
      namespaces: z
        .looseObject({
          from: z.string().optional().describe('Same (default), All, Selector or None: which namespaces may attach routes'),
          selector: labelSelectorSchema.optional(),
        })
        .optional(),
      kinds: z.array(routeGroupKindSchema).optional().describe('Route kinds that may attach (default: those the protocol supports)'),
    })
    .optional(),
});

export const gatewaySchema = z.looseObject({
  ...typeMeta,
  spec: z
    .looseObject({
      gatewayClassName: z.string().optional().describe('The GatewayClass whose controller implements this Gateway, e.g. eg'),
      listeners: z.array(listenerSchema).optional(),
      addresses: z.array(z.looseObject({ type: z.string().optional(), value: z.string().optional() })).optional(),
      infrastructure: anything.optional(),
      backendTLS: anything.optional(),
      allowedListeners: anything.optional(),
      tls: anything.optional(),
      defaultScope: anything.optional(),
    })
    .optional(),
  status: anything.optional(),
});

// ---- Routes --------------------------------------------------------------------------------

export const parentRefSchema = z.looseObject({
  group: z.string().optional().describe('Default gateway.networking.k8s.io'),
  kind: z.string().optional().describe('Default Gateway'),
  namespace: z.string().optional().describe("Default: the route's namespace"),
  name: z.string().optional().describe('The Gateway'),
  sectionName: z.string().optional().describe('A listener name: attach to that listener only'),
  port: int.optional().describe('Attach to the listeners on this port only'),
});

const headerMatchSchema = z.looseObject({ type: z.string().optional(), name: z.string(), value: z.string() });
const headerValueSchema = z.looseObject({ name: z.string(), value: z.string() });
const headerModifierSchema = z.looseObject({
  set: z.array(headerValueSchema).optional(),
  add: z.array(headerValueSchema).optional(),
  remove: z.array(z.string()).optional(),
});
const pathModifierSchema = z.looseObject({
  type: z.string(),
  replaceFullPath: z.string().optional(),
  replacePrefixMatch: z.string().optional(),
});
const backendObjectRefSchema = {
  group: z.string().optional(),
  kind: z.string().optional().describe('Default Service'),
  name: z.string(),
  namespace: z.string().optional().describe('Another namespace needs a ReferenceGrant there'),
  port: int.optional().describe("The Service's port (required for a Service)"),
};

export const httpRouteFilterSchema = z.looseObject({
  type: z
    .string()
    .describe('RequestHeaderModifier, ResponseHeaderModifier, RequestRedirect, URLRewrite, RequestMirror, CORS or ExtensionRef'),
  requestHeaderModifier: headerModifierSchema.optional(),
  responseHeaderModifier: headerModifierSchema.optional(),
  requestRedirect: z
    .looseObject({
      scheme: z.string().optional(),
      hostname: z.string().optional(),
      path: pathModifierSchema.optional(),
      port: int.optional(),
      statusCode: int.optional().describe('301 or 302 (default); 303, 307, 308 are extended'),
    })
    .optional(),
  urlRewrite: z.looseObject({ hostname: z.string().optional(), path: pathModifierSchema.optional() }).optional(),
  requestMirror: z
    .looseObject({
      backendRef: z.looseObject(backendObjectRefSchema),
      percent: int.optional(),
      fraction: anything.optional(),
    })
    .optional(),
  extensionRef: z.looseObject({ group: z.string(), kind: z.string(), name: z.string() }).optional(),
  cors: anything.optional(),
  externalAuth: anything.optional(),
});

export const backendRefSchema = z.looseObject({
  ...backendObjectRefSchema,
  weight: int.optional().describe('Share of requests, relative to the other backendRefs of the rule (default 1; 0 sends none)'),
  filters: z.array(httpRouteFilterSchema).optional(),
});

export const httpRouteMatchSchema = z.looseObject({
  path: z
    .looseObject({
      type: z.string().optional().describe('PathPrefix (default), Exact or RegularExpression'),
      value: z.string().optional().describe('Default /'),
    })
    .optional(),
  headers: z.array(headerMatchSchema).optional(),
  queryParams: z.array(headerMatchSchema).optional(),
  method: z.string().optional(),
});

const routeSpec = {
  parentRefs: z.array(parentRefSchema).optional().describe('The Gateways (and listeners) this route attaches to'),
  hostnames: z.array(z.string()).optional().describe('Host headers this route serves; must intersect the listener hostname'),
};

export const httpRouteSchema = z.looseObject({
  ...typeMeta,
  spec: z
    .looseObject({
      ...routeSpec,
      rules: z
        .array(
          z.looseObject({
            name: z.string().optional(),
            matches: z.array(httpRouteMatchSchema).optional(),
            filters: z.array(httpRouteFilterSchema).optional(),
            backendRefs: z.array(backendRefSchema).optional(),
            timeouts: z.looseObject({ request: z.string().optional(), backendRequest: z.string().optional() }).optional(),
            retry: anything.optional(),
            sessionPersistence: anything.optional(),
          }),
        )
        .optional(),
    })
    .optional(),
  status: anything.optional(),
});

export const grpcRouteSchema = z.looseObject({
  ...typeMeta,
  spec: z
    .looseObject({
      ...routeSpec,
      rules: z
        .array(
          z.looseObject({
            name: z.string().optional(),
            matches: z
              .array(
                z.looseObject({
                  method: z
                    .looseObject({ type: z.string().optional(), service: z.string().optional(), method: z.string().optional() })
                    .optional(),
                  headers: z.array(headerMatchSchema).optional(),
                }),
              )
              .optional(),
            filters: z.array(httpRouteFilterSchema).optional(),
            backendRefs: z.array(backendRefSchema).optional(),
            sessionPersistence: anything.optional(),
          }),
        )
        .optional(),
    })
    .optional(),
  status: anything.optional(),
});

// ---- ReferenceGrant ------------------------------------------------------------------------

export const referenceGrantSchema = z.looseObject({
  ...typeMeta,
  spec: z
    .looseObject({
      from: z
        .array(z.looseObject({ group: z.string(), kind: z.string(), namespace: z.string() }))
        .optional()
        .describe('Who may refer into this namespace: group, kind and namespace of the referring routes'),
      to: z
        .array(z.looseObject({ group: z.string(), kind: z.string(), name: z.string().optional() }))
        .optional()
        .describe('What they may refer to (group "" and kind Service for backends)'),
    })
    .optional(),
});

export type GatewayClassInput = z.infer<typeof gatewayClassSchema>;
export type GatewayInput = z.infer<typeof gatewaySchema>;
export type HTTPRouteInput = z.infer<typeof httpRouteSchema>;
export type GRPCRouteInput = z.infer<typeof grpcRouteSchema>;
export type ParentRefInput = z.infer<typeof parentRefSchema>;
export type BackendRefInput = z.infer<typeof backendRefSchema>;
export type HTTPRouteFilterInput = z.infer<typeof httpRouteFilterSchema>;
export type HTTPRouteMatchInput = z.infer<typeof httpRouteMatchSchema>;
export type ReferenceGrantInput = z.infer<typeof referenceGrantSchema>;
