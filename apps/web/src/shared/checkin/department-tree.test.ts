import { describe, expect, it } from 'vitest';
import { deletable, hasSubDepartments, memberTargets, parentChoices, subtreeOf } from './department-tree.ts';

// 销售部 › 华东区 › 上海组; 研发部; a chain 一 › 二 › 三 › 四 › 五 (five levels).
const tree = [
  { id: 's', name: '销售部', parentId: null, depth: 0, members: 0 },
  { id: 'e', name: '华东区', parentId: 's', depth: 1, members: 0 },
  { id: 'sh', name: '上海组', parentId: 'e', depth: 2, members: 3 },
  { id: 'r', name: '研发部', parentId: null, depth: 0, members: 0 },
  { id: 'c1', name: '一', parentId: null, depth: 0, members: 0 },
  { id: 'c2', name: '二', parentId: 'c1', depth: 1, members: 0 },
  { id: 'c3', name: '三', parentId: 'c2', depth: 2, members: 0 },
  { id: 'c4', name: '四', parentId: 'c3', depth: 3, members: 0 },
  { id: 'c5', name: '五', parentId: 'c4', depth: 4, members: 0 },
];

describe('the department editor', () => {
  it('finds a subtree', () => {
    expect([...subtreeOf(tree, 's')].sort()).toEqual(['e', 's', 'sh']);
    expect([...subtreeOf(tree, 'sh')]).toEqual(['sh']);
  });
  it('offers no parent inside the node\'s own subtree, nor one where the subtree would pass six levels', () => {
    const ids = (nodeId: string) => parentChoices(tree, nodeId).map((d) => d.id);
    // 销售部 has three levels: it fits under a node of level ≤ 3 (depth ≤ 2).
    expect(ids('s')).toEqual(['r', 'c1', 'c2', 'c3']);
    // A leaf fits anywhere but under a sixth-level node (there is none) and itself.
    expect(ids('sh')).toEqual(['s', 'e', 'r', 'c1', 'c2', 'c3', 'c4', 'c5']);
    expect(ids('c1')).toEqual(['s', 'r']); // five levels: only under a top-level node
    expect(ids('c1')).not.toContain('c1');
  });
  it('deletes only an empty node without sub-departments', () => {
    expect(deletable(tree, 'sh')).toBe(false); // members
    expect(deletable(tree, 'e')).toBe(false); // a sub-department
    expect(deletable(tree, 'r')).toBe(true);
  });
  it('offers to move a node\'s members elsewhere when it has members but no sub-departments', () => {
    expect(hasSubDepartments(tree, 'e')).toBe(true);
    expect(hasSubDepartments(tree, 'sh')).toBe(false);
    expect(memberTargets(tree, 'sh').map((d) => d.id)).not.toContain('sh');
    expect(memberTargets(tree, 'sh')).toHaveLength(tree.length - 1);
  });
});
