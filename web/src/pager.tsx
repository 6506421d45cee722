/** The pager under a paged table (worklists, registers, the access log): back, "page N of M", forward. */
export function Pager({ page, pages, setPage }: { page: number; pages: number; setPage: (page: number) => void }) {
  return (
    <div class="pager">
      <button disabled={page <= 1} onClick={() => setPage(page - 1)}>
        ← Назад
      </button>
      <span>
        Страница {page} из {pages}
      </span>
      <button disabled={page >= pages} onClick={() => setPage(page + 1)}>
        Вперёд →
      </button>
    </div>
  );
}
