/** A department picker: the tree's nodes indented by depth, after the choices that are not a node (no department, the top level, all). */

/** A node as the picker shows it. */
export interface DepartmentChoice {
  id: string;
  name: string;
  depth: number;
}

export function DepartmentSelect({
  value,
  onChange,
  nodes,
  first,
  label,
}: {
  /** The chosen node's id, or the value of one of `first`. */
  value: string;
  onChange: (value: string) => void;
  nodes: readonly DepartmentChoice[];
  /** Choices before the nodes, e.g. `{ value: '', label: '未分部门' }`. */
  first: readonly { value: string; label: string }[];
  /** The accessible name. */
  label: string;
}) {
  return (
    <select className="fx-checkin-select" value={value} onChange={(e) => onChange(e.target.value)} aria-label={label}>
      {first.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
      {nodes.map((d) => (
        <option key={d.id} value={d.id}>
          {'　'.repeat(d.depth)}
          {d.name}
        </option>
      ))}
    </select>
  );
}
