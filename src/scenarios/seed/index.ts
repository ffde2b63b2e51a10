/** The seed chapter's examples (13-1 to 13-9), as the YAML files beside this module. */
import simpleService from './13-1-simple-service.yaml?raw';
import randomGeneratorDeployment from './random-generator-deployment.yaml?raw';
import clientPod from '../builtin/client-pod.yaml?raw';

/**
 * The first screen: example 13-1 with a Deployment for it to select and a client pod to send
 * from (kubectl exec -it client -- curl …), so the first request comes from a client, not from
 * one of the Service's own pods.
 */
export const DEFAULT_SCENARIO_YAML = `${simpleService.trimEnd()}\n---\n${randomGeneratorDeployment.trimEnd()}\n---\n${clientPod}`;
