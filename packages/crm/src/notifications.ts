import type { NotificationsApi } from "@zohokit/core";
import { createNotificationsApi, type GroupContext } from "@zohokit/core/internal";
import type { paths } from "./generated/zoho-crm.js";

/** Zoho CRM v8 "Enable Notifications": channel_expiry at most one week ahead (one hour without it). */
export const CRM_MAX_CHANNEL_EXPIRY_MS = 7 * 24 * 3_600_000;

const inSpec: "/crm/v8/actions/watch" extends keyof paths ? true : never = true;

export function crmNotifications<O>(core: GroupContext): NotificationsApi<O> {
  void inSpec;
  return createNotificationsApi(core, {
    prefix: "/crm/v8",
    maxExpiryMs: CRM_MAX_CHANNEL_EXPIRY_MS,
  }) as unknown as NotificationsApi<O>;
}
