/** Share links: the scenario codec (URL fragment), embed parameters and the iframe snippet. */
export type { SharedScenario, SharedView } from './schema';
export { checkSharedScenario, MAX_ACTIONS } from './schema';
export type { DecodeResult } from './codec';
export { CURRENT_FORMAT, MAX_DECODED_BYTES, MAX_FRAGMENT_LENGTH, decodeScenario, encodeScenario } from './codec';
export type { EmbedParams, FrameSize, ResolvedEmbedParams, ViewLayout } from './url';
export { iframeSnippet, parseEmbedParams, scenarioUrl } from './url';
