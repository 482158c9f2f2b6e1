//! The DSR inbox's filters as data: URL query <-> [`DsrQuery`] (seed 002 list
//! query), sorting and paging moves, and the id lists typed into filter inputs.
//!
//! The URL is the single source of truth for the inbox (bookmarkable, survives
//! reload); these pure functions are what the page and its filter bar call, and
//! they are tested natively.
use pw_model::dsr::Tag;
use pw_model::{DsrQuery, FieldError, Violation};

/// Rows per page when the URL says nothing (the server's own default is 20).
pub const DEFAULT_SIZE: u32 = 50;
/// Page sizes offered by the pager.
pub const SIZES: [u32; 4] = [20, 50, 100, 200];
/// Largest page the export asks for (the reference server allows 500).
pub const EXPORT_PAGE: u32 = 500;

/// Query keys the inbox understands, in the seed's order.
const KEYS: [&str; 14] = [
    "overtaking",
    "archived",
    "q",
    "widgetId",
    "mailValidated",
    "states",
    "purposes",
    "ids",
    "tags",
    "page",
    "size",
    "skip",
    "sortBy",
    "asc",
];

/// Reads the inbox query from URL pairs (repeated keys for arrays). Malformed
/// numbers or booleans, which only a hand-edited URL can contain, drop that
/// parameter rather than the whole view.
pub fn query_from_pairs<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> DsrQuery {
    let mut q = DsrQuery::default();
    for (k, v) in pairs {
        if let Ok(one) = DsrQuery::from_query_pairs([(k.as_ref(), v.as_ref())]) {
            merge(&mut q, one);
        }
    }
    q
}

fn merge(q: &mut DsrQuery, one: DsrQuery) {
    q.overtaking = one.overtaking.or(q.overtaking);
    q.archived = one.archived.or(q.archived);
    q.q = one.q.or(q.q.take());
    q.widget_id = one.widget_id.or(q.widget_id);
    q.mail_validated = one.mail_validated.or(q.mail_validated);
    q.states.extend(one.states);
    q.purposes.extend(one.purposes);
    q.ids.extend(one.ids);
    q.tags.extend(one.tags);
    q.page = one.page.or(q.page);
    q.size = one.size.or(q.size);
    q.skip = one.skip.or(q.skip);
    q.sort_by = one.sort_by.or(q.sort_by.take());
    q.asc = one.asc.or(q.asc);
}

/// Pairs for [`query_from_pairs`] out of a router `ParamsMap`.
#[cfg(feature = "admin")]
pub fn query_from_params(params: &leptos_router::params::ParamsMap) -> DsrQuery {
    let pairs: Vec<(&str, String)> = KEYS
        .iter()
        .flat_map(|k| {
            params
                .get_all(k)
                .unwrap_or_default()
                .into_iter()
                .map(move |v| (*k, v))
        })
        .collect();
    query_from_pairs(&pairs)
}

/// The inbox URL (path and query) that shows `q`.
pub fn inbox_href(q: &DsrQuery) -> String {
    let qs = q.to_query_string();
    if qs.is_empty() {
        "/requests".into()
    } else {
        format!("/requests?{qs}")
    }
}

/// The page actually requested: 1 when unset.
pub fn page_of(q: &DsrQuery) -> u32 {
    q.page.unwrap_or(1).max(1)
}

/// The page size actually requested: [`DEFAULT_SIZE`] when unset.
pub fn size_of(q: &DsrQuery) -> u32 {
    q.size.unwrap_or(DEFAULT_SIZE).clamp(1, 500)
}

/// The query sent to the server: page and size always explicit.
pub fn request_query(q: &DsrQuery) -> DsrQuery {
    DsrQuery {
        page: Some(page_of(q)),
        size: Some(size_of(q)),
        ..q.clone()
    }
}

/// A filter changed: back to the first page (the old page may not exist any more).
pub fn refiltered(mut q: DsrQuery) -> DsrQuery {
    q.page = None;
    q.skip = None;
    q
}

/// `q` showing page `page`.
pub fn with_page(q: &DsrQuery, page: u32) -> DsrQuery {
    DsrQuery {
        page: (page > 1).then_some(page),
        ..q.clone()
    }
}

/// `q` with page size `size`, back on page 1.
pub fn with_size(q: &DsrQuery, size: u32) -> DsrQuery {
    DsrQuery {
        size: (size != DEFAULT_SIZE).then_some(size),
        page: None,
        ..q.clone()
    }
}

/// Number of pages for `total` rows (at least 1, so "page 1 of 1" when empty).
pub fn page_count(total: u64, size: u32) -> u32 {
    let size = u64::from(size.max(1));
    u32::try_from(total.div_ceil(size).max(1)).unwrap_or(u32::MAX)
}

/// How a column is currently sorted, for `aria-sort`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortState {
    /// Not the sort column.
    None,
    /// Sorted ascending.
    Ascending,
    /// Sorted descending.
    Descending,
}

impl SortState {
    /// The `aria-sort` value.
    pub fn as_str(self) -> &'static str {
        match self {
            SortState::None => "none",
            SortState::Ascending => "ascending",
            SortState::Descending => "descending",
        }
    }
}

/// The server sorts by `dateCreation` descending when nothing is asked.
const DEFAULT_SORT: &str = "dateCreation";

/// How `column` is sorted under `q`.
pub fn sort_state(q: &DsrQuery, column: &str) -> SortState {
    let by = q.sort_by.as_deref().unwrap_or(DEFAULT_SORT);
    match (by == column, q.asc.unwrap_or(false)) {
        (false, _) => SortState::None,
        (true, true) => SortState::Ascending,
        (true, false) => SortState::Descending,
    }
}

/// Clicking a column header: a new column sorts ascending, the same column flips.
pub fn toggle_sort(q: &DsrQuery, column: &str) -> DsrQuery {
    let asc = match sort_state(q, column) {
        SortState::Ascending => false,
        SortState::Descending | SortState::None => true,
    };
    DsrQuery {
        sort_by: Some(column.to_owned()),
        asc: Some(asc),
        page: None,
        ..q.clone()
    }
}

/// `"3, 17 42"` -> `[3, 17, 42]` for the ids / tags filters. Commas and spaces
/// separate; anything else that is not a whole number is an error for `field`.
pub fn parse_id_list(field: &str, text: &str) -> Result<Vec<i64>, FieldError> {
    text.split([',', ' ', ';'])
        .filter(|t| !t.is_empty())
        .map(|t| {
            t.parse::<i64>()
                .map_err(|_| FieldError::new(field, Violation::Integer))
        })
        .collect()
}

/// `[3, 17]` -> `"3, 17"`, the inverse of [`parse_id_list`] for the inputs.
pub fn id_list_text(ids: &[i64]) -> String {
    ids.iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// One choice of the tags filter: a tag id and its label (`None` for an id
/// the workspace no longer has).
pub type TagChoice = (i64, Option<String>);

/// The tags filter's choices: the workspace's tags in the server's order (by
/// label), then every id of `selected` the workspace does not have (a deleted
/// tag, a hand-edited URL) so it stays visible and can be unchecked.
pub fn tag_choices(known: &[Tag], selected: &[i64]) -> Vec<TagChoice> {
    let mut out: Vec<TagChoice> = known
        .iter()
        .filter_map(|t| Some((t.id?, t.label.clone())))
        .collect();
    for id in selected {
        if !out.iter().any(|(k, _)| k == id) {
            out.push((*id, None));
        }
    }
    out
}

/// `list` with `item` added at the end, or removed when it is there (a
/// checkbox of a group).
pub fn toggled<T: PartialEq + Clone>(list: &[T], item: &T) -> Vec<T> {
    if list.contains(item) {
        list.iter().filter(|t| *t != item).cloned().collect()
    } else {
        list.iter().chain([item]).cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pw_model::{DsrState, Purpose};

    #[test]
    fn url_round_trips_every_filter() {
        let q = DsrQuery {
            overtaking: Some(true),
            archived: Some(false),
            q: Some("Dupont & fils".into()),
            widget_id: Some(7),
            mail_validated: Some(false),
            states: vec![DsrState::Open, DsrState::Processing],
            purposes: vec![Purpose::Access, Purpose::Erasure],
            ids: vec![1, 2],
            tags: vec![9],
            page: Some(3),
            size: Some(100),
            skip: None,
            sort_by: Some("title".into()),
            asc: Some(true),
        };
        let href = inbox_href(&q);
        assert!(href.starts_with("/requests?overtaking=true&archived=false&q=Dupont%20%26%20fils"));
        assert!(href.contains("widgetId=7&mailValidated=false&states=Open&states=Processing"));
        assert!(href.contains("states=Open&states=Processing&purposes=Access&purposes=Erasure"));
        let back = query_from_pairs(&pw_model::dsr::decode_query(
            href.split_once('?').unwrap().1,
        ));
        assert_eq!(back, q);
    }

    #[test]
    fn a_malformed_parameter_is_dropped_not_the_view() {
        let q = query_from_pairs(&[
            ("page", "x"),
            ("states", "Open"),
            ("ids", "1"),
            ("ids", "z"),
        ]);
        assert_eq!(q.page, None);
        assert_eq!(q.states, vec![DsrState::Open]);
        assert_eq!(q.ids, vec![1]);
    }

    #[test]
    fn request_always_carries_page_and_size() {
        let q = request_query(&DsrQuery::default());
        assert_eq!(q.to_query_string(), "page=1&size=50");
        assert_eq!(inbox_href(&DsrQuery::default()), "/requests");
    }

    #[test]
    fn paging_moves() {
        let q = DsrQuery {
            states: vec![DsrState::Open],
            ..Default::default()
        };
        assert_eq!(with_page(&q, 2).page, Some(2));
        assert_eq!(with_page(&q, 1).page, None);
        let sized = with_size(&with_page(&q, 4), 100);
        assert_eq!((sized.page, sized.size), (None, Some(100)));
        assert_eq!(with_size(&q, DEFAULT_SIZE).size, None);
        assert_eq!(page_count(0, 50), 1);
        assert_eq!(page_count(50, 50), 1);
        assert_eq!(page_count(51, 50), 2);
        assert_eq!(page_count(10_000, 50), 200);
        assert_eq!(refiltered(with_page(&q, 5)).page, None);
    }

    #[test]
    fn sorting_flips_on_the_same_column() {
        let q = DsrQuery::default();
        assert_eq!(sort_state(&q, "dateCreation"), SortState::Descending);
        assert_eq!(sort_state(&q, "title"), SortState::None);
        let t = toggle_sort(&q, "title");
        assert_eq!((t.sort_by.as_deref(), t.asc), (Some("title"), Some(true)));
        assert_eq!(sort_state(&t, "title").as_str(), "ascending");
        let t2 = toggle_sort(&t, "title");
        assert_eq!(t2.asc, Some(false));
        assert_eq!(toggle_sort(&q, "dateCreation").asc, Some(true));
    }

    #[test]
    fn tag_filter_choices() {
        let tag = |id: i64, label: &str| Tag {
            id: Some(id),
            label: Some(label.into()),
            ..Default::default()
        };
        let known = [tag(4, "press"), tag(2, "vip"), Tag::default()];
        assert_eq!(
            tag_choices(&known, &[2]),
            vec![(4, Some("press".into())), (2, Some("vip".into()))]
        );
        assert_eq!(
            tag_choices(&known, &[9, 4]),
            vec![
                (4, Some("press".into())),
                (2, Some("vip".into())),
                (9, None)
            ]
        );
        assert_eq!(tag_choices(&[], &[]), vec![]);
        assert_eq!(toggled(&[4], &2), vec![4, 2]);
        assert_eq!(toggled(&[4, 2], &4), vec![2]);
    }

    #[test]
    fn id_lists() {
        assert_eq!(parse_id_list("ids", "3, 17 42").unwrap(), vec![3, 17, 42]);
        assert_eq!(parse_id_list("ids", "").unwrap(), Vec::<i64>::new());
        let e = parse_id_list("tags", "3, x").unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.violation),
            ("tags", Violation::Integer)
        );
        assert_eq!(id_list_text(&[3, 17]), "3, 17");
    }
}
