/** The department tree's rules the administrator's editor applies before asking the server (which checks them again). */
import type { Department } from './checkin.api.ts';

/** Departments nest at most this many levels (the server's MAX_DEPARTMENT_DEPTH). */
export const MAX_DEPARTMENT_LEVELS = 6;

/** The node and every node below it. */
export function subtreeOf(tree: readonly Department[], nodeId: string): Set<string> {
  const ids = new Set([nodeId]);
  // The listing is in path order (parents before children), so one pass finds every descendant.
  for (const d of tree) if (d.parentId && ids.has(d.parentId)) ids.add(d.id);
  return ids;
}

/**
 * Where a node may be moved: not under itself or one of its own sub-departments (a cycle), and only
 * where its whole subtree still fits in six levels. '' is the top level.
 */
export function parentChoices(tree: readonly Department[], nodeId: string): Department[] {
  const node = tree.find((d) => d.id === nodeId);
  if (!node) return [];
  const subtree = subtreeOf(tree, nodeId);
  const height = Math.max(...tree.filter((d) => subtree.has(d.id)).map((d) => d.depth)) - node.depth;
  return tree.filter((d) => !subtree.has(d.id) && d.depth + 1 + 1 + height <= MAX_DEPARTMENT_LEVELS);
}

/** Whether a node can be deleted: no members placed in it and no sub-departments (the server refuses otherwise). */
export function deletable(tree: readonly (Department & { members?: number })[], nodeId: string): boolean {
  const node = tree.find((d) => d.id === nodeId);
  return !!node && (node.members ?? 0) === 0 && !tree.some((d) => d.parentId === nodeId);
}

/** Whether a node has sub-departments (it cannot be deleted before they are moved or deleted). */
export function hasSubDepartments(tree: readonly Department[], nodeId: string): boolean {
  return tree.some((d) => d.parentId === nodeId);
}

/** Where a node's members may go when it is deleted: any other node ('' is no node). */
export function memberTargets(tree: readonly Department[], nodeId: string): Department[] {
  return tree.filter((d) => d.id !== nodeId);
}
