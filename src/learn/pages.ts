import { html, raw, type SafeHtml } from '../web/html.ts';
import type { PageContext } from '../web/layout.ts';
import type { Library, LibraryPage } from './content.ts';

/** Marks English content on a page in another language, so screen readers pronounce it as English. */
function langAttrs(ctx: PageContext, page: LibraryPage): SafeHtml {
  return page.lang === ctx.lang ? html`` : html`lang="${page.lang}" ${page.lang === 'en' ? raw('data-i18n-missing') : ''}`;
}

function item(ctx: PageContext, page: LibraryPage): SafeHtml {
  return html`<li class="learn-item" data-learn-item data-search="${page.searchText}" ${langAttrs(ctx, page)}>
    <a href="/learn/${page.slug}">${page.title}</a>
    <p>${page.summary}</p>
  </li>`;
}

/** `/learn` and `/learn?q=`: the list of pages, with a search that works without JavaScript (and filters offline with it). */
export function renderLibraryIndex(ctx: PageContext, library: Library, query: string): SafeHtml {
  const { t } = ctx;
  const q = query.trim();
  const found = q ? library.search(ctx.lang, q) : [];
  const all = library.list(ctx.lang);
  return html`<h1>${t.t('learn.heading')}</h1>
    <p>${t.t('learn.intro')}</p>
    <form method="get" action="/learn" class="learn-search" role="search">
      <label for="learn-q">${t.t('learn.search.label')}</label>
      <input type="search" id="learn-q" name="q" value="${q}" maxlength="100" data-learn-filter />
      <button type="submit" class="secondary">${t.t('learn.search.button')}</button>
    </form>
    ${
      q
        ? html`<section aria-labelledby="learn-found" data-learn-results>
            <h2 id="learn-found">${t.t('learn.search.results', { q })}</h2>
            ${
              found.length > 0
                ? html`<ul class="learn-list">
                    ${found.map((p) => html`<li ${langAttrs(ctx, p)}><a href="/learn/${p.slug}">${p.title}</a></li>`)}
                  </ul>`
                : html`<p data-learn-empty>${t.t('learn.search.none', { q })}</p>`
            }
          </section>`
        : ''
    }
    <h2>${t.t('learn.all')}</h2>
    <p data-learn-none hidden>${t.t('learn.search.none', { q: '…' })}</p>
    <ul class="learn-list">
      ${all.map((p) => item(ctx, p))}
    </ul>`;
}

function sources(ctx: PageContext, page: LibraryPage): SafeHtml {
  return html`<section class="sources" aria-labelledby="sources">
    <h2 id="sources">${ctx.t.t('learn.sources')}</h2>
    <ul>
      ${page.sources.map((s) => html`<li lang="en"><cite>${s.title}</cite>. ${s.publisher}, ${s.year}.</li>`)}
    </ul>
  </section>`;
}

/** One library page: the text, who has checked it, its sources and date. */
export function renderLibraryPage(ctx: PageContext, page: LibraryPage): SafeHtml {
  const { t } = ctx;
  return html`<article class="learn-page" data-review-status="${page.review_status}">
    ${page.lang !== ctx.lang ? html`<p class="banner" role="note">${t.t('learn.english_only')}</p>` : ''}
    <div ${langAttrs(ctx, page)}>
      <h1>${page.title}</h1>
      <p class="lead">${page.summary}</p>
    </div>
    <p class="review-note" data-review-note>
      ${page.reviewed_by ? t.t('learn.reviewed_by', { name: page.reviewed_by }) : t.t('learn.not_checked')}
      ${page.review_status === 'needs_community_review' ? t.t('learn.needs_review') : ''}
    </p>
    <div class="prose" ${langAttrs(ctx, page)}>${raw(page.html)}</div>
    ${sources(ctx, page)}
    <p class="hint">${t.t('learn.updated', { date: page.updated_on })}</p>
    <p><a href="/learn">${t.t('learn.back')}</a></p>
  </article>`;
}
