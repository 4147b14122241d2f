/**
 * The org and its users, read the same way in every app: one GET each under the app's prefix. The app gives the
 * types its spec documents.
 */
import { ZohoKitError } from "../errors.js";
import { assertRecordId } from "../validate.js";
import type { GroupContext } from "./shared.js";

interface SignalOption {
  signal?: AbortSignal;
}

export interface OrgApi<Org> {
  get(options?: SignalOption): Promise<Org>;
}

export interface UsersApi<User, Info, Type> {
  list(options?: { type?: Type; page?: number; perPage?: number } & SignalOption): Promise<{
    users: User[];
    info: Info | undefined;
  }>;
  get(id: string, options?: SignalOption): Promise<User | null>;
}

interface OrgBody<Org> {
  org?: Org[];
}

interface UsersBody<User, Info> {
  users?: User[];
  info?: Info;
}

export function createOrgAndUsers<Org, User, Info, Type>(
  core: GroupContext,
  prefix: string,
): { org: OrgApi<Org>; users: UsersApi<User, Info, Type> } {
  const get = async <Body>(
    path: string,
    signal: AbortSignal | undefined,
    params?: Record<string, string>,
    query?: Record<string, string | number | undefined>,
  ) => (await core.request({ method: "GET", path, params, query, signal })).body as Body | undefined;

  return {
    org: {
      async get({ signal } = {}) {
        const found = (await get<OrgBody<Org>>(`${prefix}/org`, signal))?.org?.[0];
        if (!found) throw new ZohoKitError(`GET ${prefix}/org answered without an org.`);
        return found;
      },
    },
    users: {
      async list({ type, page, perPage, signal } = {}) {
        const query = { type: type as string | undefined, page, per_page: perPage };
        const data = await get<UsersBody<User, Info>>(`${prefix}/users`, signal, undefined, query);
        return { users: data?.users ?? [], info: data?.info };
      },
      async get(id, { signal } = {}) {
        assertRecordId(id, "The user id");
        const data = await get<UsersBody<User, Info>>(`${prefix}/users/{user_id}`, signal, { user_id: id });
        return data?.users?.[0] ?? null;
      },
    },
  };
}
