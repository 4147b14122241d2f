import type { NotificationsApi } from "@zohokit/core";
import { createNotificationsApi, type GroupContext } from "@zohokit/core/internal";
import type { paths } from "./generated/zoho-bigin.js";

/** Bigin v2 "Enable Notifications": channel_expiry at most one day ahead (a short default without it). */
export const BIGIN_MAX_CHANNEL_EXPIRY_MS = 24 * 3_600_000;

const inSpec: "/bigin/v2/actions/watch" extends keyof paths ? true : never = true;

export function biginNotifications<O>(core: GroupContext): NotificationsApi<O> {
  void inSpec;
  return createNotificationsApi(core, {
    prefix: "/bigin/v2",
    maxExpiryMs: BIGIN_MAX_CHANNEL_EXPIRY_MS,
  }) as unknown as NotificationsApi<O>;
}
