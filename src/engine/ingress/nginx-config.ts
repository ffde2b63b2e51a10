/**
 * The servers and locations ingress-nginx builds from the Ingresses it serves
 * (`createServers` in internal/ingress/controller/controller.go), kept as data the router reads:
 *
 * - Ingresses are taken oldest first (`sortIngressSlice`: creationTimestamp, ties by
 *   namespace/name descending). The default server `_` exists from the start with a root
 *   location `/` on the controller's default backend (404).
 * - An Ingress with `defaultBackend` and no rules takes over the default server's root location
 *   (the "catch-all" case); with rules, its defaultBackend serves the root location of each host
 *   server it creates.
 * - Each rule host (or `_` without a host) is a server; each path a location. A path another
 *   Ingress already configured for the host with the same pathType keeps the older Ingress's
 *   backend ("Location already configured"); a path `/` replaces the default root location.
 *   Paths with non-Service (resource) backends are skipped.
 * - TLS: a server gets the certificate of the first Ingress whose `tls[].hosts` lists its name.
 */
import type { Ingress, IngressBackend } from '../model/types';
import type { ClusterState } from '../state';
import { DEFAULT_SERVER } from './hosts';
import type { LocationInput, MatchPathType, NginxLocation } from './paths';
import { nginxLocations } from './paths';
import { needsRewrite } from './rewrite';
import type { IngressAnnotations } from './controller';
import { annotationsOf, controllerPresent, ingressKey } from './controller';
import { ingressClassDecision } from './ingress-class';
import { namespaceOf } from '../model/meta';

export interface BackendRef {
  namespace: string;
  service: string;
  port: { name?: string; number?: number };
}

export interface LocationTarget {
  /** namespace/name of the Ingress that configured the location; none for the controller's default. */
  ingress?: string;
  /** undefined: the controller's own default backend, which answers 404. */
  backend?: BackendRef;
  /** Where the location came from, in words and as YAML-ish text for `Trace.http.rule`. */
  rule: string;
  annotations?: IngressAnnotations;
  isDefBackend: boolean;
  /**
   * The location serves an Ingress's `defaultBackend` (v1beta1 `backend`): the root location of
   * its hosts, or of the default server when it has no rules. `isDefBackend` alone cannot say so:
   * ingress-nginx clears it when a rule-less Ingress takes over the catch-all server.
   */
  fromDefaultBackend?: 'host' | 'catch-all';
}

export interface ServerConfig {
  hostname: string;
  locations: NginxLocation<LocationTarget>[];
  /** Any location of the host uses rewrite-target or use-regex: all paths are regular expressions. */
  regex: boolean;
  tls?: { secretName?: string; ingress: string };
}

export interface NginxConfig {
  servers: Map<string, ServerConfig>;
  served: Ingress[];
  /** Things ingress-nginx logs while building the config (duplicate paths, skipped backends). */
  notes: string[];
}

function backendRef(namespace: string, backend: IngressBackend | undefined): BackendRef | undefined {
  if (!backend?.service) return undefined;
  return { namespace, service: backend.service.name, port: { ...backend.service.port } };
}

export function backendText(b: BackendRef | undefined): string {
  if (!b) return "the controller's default backend";
  return `${b.service}:${b.port.name ?? b.port.number ?? '?'}`;
}

/** Oldest first; equal timestamps by namespace/name descending, as sortIngressSlice does. */
export function sortIngresses(list: readonly Ingress[]): Ingress[] {
  return [...list].sort((a, b) => {
    const ta = a.metadata.creationTimestamp;
    const tb = b.metadata.creationTimestamp;
    if (ta !== tb) return ta < tb ? -1 : 1;
    const ka = ingressKey(a);
    const kb = ingressKey(b);
    return ka > kb ? -1 : ka < kb ? 1 : 0;
  });
}

interface Draft {
  hostname: string;
  inputs: LocationInput<LocationTarget>[];
  tls?: { secretName?: string; ingress: string };
}

function rootInput(target: LocationTarget): LocationInput<LocationTarget> {
  return { path: '/', pathType: 'Prefix', regex: false, payload: target };
}

const DEFAULT_TARGET: LocationTarget = { rule: "the controller's default backend (no rule matched)", isDefBackend: true };

export function buildNginxConfig(ingresses: readonly Ingress[]): NginxConfig {
  const drafts = new Map<string, Draft>();
  const notes: string[] = [];
  drafts.set(DEFAULT_SERVER, { hostname: DEFAULT_SERVER, inputs: [rootInput(DEFAULT_TARGET)] });
  const served = sortIngresses(ingresses);
  for (const ing of served) {
    const key = ingressKey(ing);
    const namespace = namespaceOf(ing);
    const annotations = annotationsOf(ing);
    const defaultBackend = backendRef(namespace, ing.spec.defaultBackend);
    const rules = ing.spec.rules ?? [];
    let hostDefault: LocationTarget = DEFAULT_TARGET;
    if (defaultBackend) {
      hostDefault = {
        ingress: key,
        backend: defaultBackend,
        rule: `defaultBackend ${backendText(defaultBackend)} of Ingress ${key}`,
        annotations,
        isDefBackend: true,
        fromDefaultBackend: 'host',
      };
      const root = drafts.get(DEFAULT_SERVER)?.inputs[0];
      if (rules.length === 0 && root?.payload.isDefBackend) {
        root.payload = { ...hostDefault, isDefBackend: false, fromDefaultBackend: 'catch-all' };
      } else if (rules.length === 0) {
        notes.push(
          `Ingress ${key}: the catch-all server already uses ${root?.payload.ingress ?? 'another Ingress'}'s default backend; this one is ignored`,
        );
      }
    } else if (ing.spec.defaultBackend?.resource) {
      notes.push(
        `Ingress ${key}: a resource default backend (${ing.spec.defaultBackend.resource.kind}) is not a Service; ingress-nginx ignores it`,
      );
    }
    for (const rule of rules) {
      const hostname = rule.host ?? DEFAULT_SERVER;
      let draft = drafts.get(hostname);
      if (!draft) {
        draft = { hostname, inputs: [rootInput(hostDefault)] };
        drafts.set(hostname, draft);
      }
      for (const p of rule.http?.paths ?? []) {
        const path = p.path || '/';
        const pathType: MatchPathType = p.pathType === 'Exact' ? 'Exact' : 'Prefix';
        const backend = backendRef(namespace, p.backend);
        if (!backend) {
          notes.push(`Ingress ${key}: path ${path} has a ${p.backend.resource?.kind ?? 'non-Service'} backend; ingress-nginx skips it`);
          continue;
        }
        const typeText = p.pathType === pathType ? pathType : `${p.pathType}, which ingress-nginx treats as Prefix`;
        const target: LocationTarget = {
          ingress: key,
          backend,
          rule: `host ${rule.host ?? '* (none)'}, path ${path} (${typeText}) -> ${backendText(backend)} of Ingress ${key}`,
          annotations,
          isDefBackend: false,
        };
        const regex = needsRewrite(path, annotations.rewriteTarget) || annotations.useRegex;
        const same = draft.inputs.find((i) => (i.path || '/') === path && i.pathType === pathType);
        if (same && !same.payload.isDefBackend) {
          notes.push(
            `Location ${path} (${pathType}) is already configured for server ${hostname} by Ingress ${same.payload.ingress ?? '?'}; Ingress ${key}'s path is ignored`,
          );
          continue;
        }
        if (same) {
          same.payload = target;
          same.regex = regex;
          continue;
        }
        draft.inputs.push({ path, pathType, regex, payload: target });
      }
    }
  }
  for (const ing of served) {
    for (const tls of ing.spec.tls ?? []) {
      for (const host of tls.hosts ?? []) {
        const draft = drafts.get(host);
        if (draft && !draft.tls) draft.tls = { ...(tls.secretName ? { secretName: tls.secretName } : {}), ingress: ingressKey(ing) };
      }
    }
  }
  const servers = new Map<string, ServerConfig>();
  for (const draft of drafts.values()) {
    const regex = draft.inputs.some((i) => i.regex);
    servers.set(draft.hostname, {
      hostname: draft.hostname,
      locations: nginxLocations(draft.inputs),
      regex,
      ...(draft.tls ? { tls: draft.tls } : {}),
    });
  }
  return { servers, served, notes };
}

/** The Ingresses ingress-nginx serves, by class. */
export function servedIngresses(state: ClusterState): Ingress[] {
  const classes = state.store.list('IngressClass');
  const present = controllerPresent(state);
  return state.store.list('Ingress').filter((i) => ingressClassDecision(i, classes, present).served);
}

/** The controller's current configuration (rebuilt when Ingresses or IngressClasses change). */
export function nginxConfig(state: ClusterState): NginxConfig {
  const version = `${state.store.version('Ingress')}/${state.store.version('IngressClass')}`;
  const hit = state.caches.nginx;
  if (hit && hit.version === version) return hit.config;
  const config = buildNginxConfig(servedIngresses(state));
  state.caches.nginx = { version, config };
  return config;
}
