/// <reference lib="webworker" />
/** The worker entry: hosts the engine session and exposes it over Comlink. Nothing else. */
import { expose } from 'comlink';
import { EngineSession } from './session';

expose(new EngineSession());
