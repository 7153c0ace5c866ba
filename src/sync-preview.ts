/**
 * The answer of Preview (`wecom:previewSync`), shared by the server (sync/preview.ts builds it) and both clients
 * (client-common/sync shows it). Nothing here may import NocoBase.
 */
import type { MatchKey } from './constants';
import type { UNBOUND_REASONS } from './messages';

/** Why a synced member stays unbound. */
export type UnboundReason = keyof typeof UNBOUND_REASONS;

export interface PreviewGroup {
  count: number;
  /** A few names (WeCom names of members, titles of departments). */
  sample: string[];
}

export interface SyncPreview {
  departments: number;
  members: number;
  /** Bound before: the sync keeps them in step. */
  bound: number;
  /** To bind to existing users, by the key that found each (`mobile`, `email`, `username`). */
  linked: PreviewGroup & { byKey: Partial<Record<MatchKey, number>> };
  /** To bind to new users (`createUnmatched`). */
  created: PreviewGroup;
  /** Left unbound, by reason. */
  unbound: (PreviewGroup & { reason: UnboundReason })[];
  /** Left, disabled or out of sight: unbound (user kept), unbound and deleted (`removeLeavers`), root's kept. */
  leavers: { unbind: PreviewGroup; remove: PreviewGroup; rootKept: PreviewGroup };
  /** Null without NocoBase's Departments plugin. */
  departmentChanges: {
    created: PreviewGroup;
    moved: PreviewGroup;
    updated: PreviewGroup;
    deleted: PreviewGroup;
  } | null;
  /** The sync would stop at the removal limit, writing nothing: the message it would end with. */
  stop?: string;
}

/** How many names of each kind Preview shows. */
export const SAMPLE_SIZE = 5;
