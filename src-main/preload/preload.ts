/**
 * The preload of every Parley window. Built as CommonJS (a sandboxed preload cannot be an ES module) with
 * everything but `electron` bundled in, since a sandboxed preload's require() knows only a few modules.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createParleyApi } from './parley-api';

/** `window.parley` in the page (ParleyApi). */
const PARLEY_API_KEY = 'parley';

contextBridge.exposeInMainWorld(PARLEY_API_KEY, createParleyApi(ipcRenderer, webUtils));
