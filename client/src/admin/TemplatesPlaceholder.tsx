/**
 * @module admin/TemplatesPlaceholder
 * The 表样 tab's place (SPEC §7) until the template editor fills it: `admin/tabs.ts` points
 * its entry at that page instead.
 */
export default function TemplatesPlaceholder() {
  return (
    <section className="card admin-section">
      <h2>表样</h2>
      <p className="muted">表样（模板）管理即将在此提供。</p>
    </section>
  )
}
