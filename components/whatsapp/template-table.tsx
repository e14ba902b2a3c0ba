import type { TemplateRow } from "@/lib/whatsapp/cockpit/templates";
import page from "@/components/ui/cockpit-page.module.css";
import { istDateTime } from "./format";
import { StatusBadge } from "./status-badge";

/** Templates with Meta's verdict; only approved ones can be sent, and a refusal says why. */
export function TemplateTable({ templates }: { templates: TemplateRow[] }) {
  if (templates.length === 0) return <p className={page.empty}>No templates yet.</p>;
  return (
    <table className={page.table} data-testid="templates">
      <thead>
        <tr>
          <th>Template</th>
          <th>Category</th>
          <th>Status</th>
          <th>Text</th>
          <th>Updated</th>
        </tr>
      </thead>
      <tbody>
        {templates.map((t) => (
          <tr key={`${t.name}:${t.language}`} data-testid={`template-${t.name}`}>
            <td>
              <strong>{t.name}</strong>
              <div className={page.rule}>{t.language}</div>
            </td>
            <td>{t.category.toLowerCase()}</td>
            <td>
              <StatusBadge status={t.status} testId={`template-status-${t.name}`} />
              {t.problem && <div className={page.rule}>{t.problem}</div>}
            </td>
            <td className={page.rule}>{t.body}</td>
            <td className={page.rule}>{istDateTime(t.updatedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
