import { MsrpError, MsrpHeaderError } from '../../errors';
import { formatPath, parsePath } from '../msrp-path';
import type { MsrpUri } from '../msrp-uri';
import type { HeaderCodec } from './header-codec';

export type MsrpPath = readonly MsrpUri[];

// Every chunk of a session repeats the same paths: parsed paths (immutable) are shared through a small
// cache instead of re-parsed. Bounded by clearing when full.
const PATH_CACHE_SIZE = 256;
const pathCache = new Map<string, MsrpPath>();

function pathCodec(name: string): HeaderCodec<MsrpPath> {
  return {
    name,
    decode(value) {
      const cached = pathCache.get(value);
      if (cached !== undefined) return cached;
      try {
        const path = Object.freeze(parsePath(value));
        if (pathCache.size >= PATH_CACHE_SIZE) pathCache.clear();
        pathCache.set(value, path);
        return path;
      } catch (error) {
        throw new MsrpHeaderError(name, error instanceof MsrpError ? error.message : String(error), { cause: error });
      }
    },
    encode: formatPath,
  };
}

/** RFC 4975 §9: To-Path = "To-Path:" SP MSRP-URI *( SP MSRP-URI ) */
export const ToPathHeader = pathCodec('To-Path');
/** RFC 4975 §9: From-Path = "From-Path:" SP MSRP-URI *( SP MSRP-URI ) */
export const FromPathHeader = pathCodec('From-Path');
/** RFC 4976 §5.2: the relay URIs a client puts in its own path, from AUTH's 200. */
export const UsePathHeader = pathCodec('Use-Path');
