import { MediaStreamRegistry, chatStreamFactory, type ChatStreamOptions } from '../streams';

/**
 * The registry with the chat entry made from `options` (accept-types, timeouts); every other stream type as in
 * `base`. Without options `base` is returned as it is: its chat entry already uses the defaults.
 */
export function withChatStreamOptions(base: MediaStreamRegistry, options: ChatStreamOptions | undefined): MediaStreamRegistry {
  if (options === undefined) return base;
  const registry = new MediaStreamRegistry();
  registry.register(chatStreamFactory(options));
  for (const type of base.types) {
    const factory = base.get(type);
    if (type !== 'chat' && factory !== undefined) registry.register(factory);
  }
  return registry;
}
