//! Horizontal bar chart (counts by state, by purpose) as plain `<svg>`; the
//! geometry comes from [`crate::admin::charts::row_bars`]. Screen readers get
//! the numbers from the `aria-label`.
use leptos::prelude::*;

use crate::admin::charts::{row_bars, summary};

const WIDTH: f64 = 520.0;
const LABEL_W: f64 = 170.0;
const VALUE_W: f64 = 60.0;
const ROW_H: f64 = 22.0;
const GAP: f64 = 8.0;

/// One bar per `(label, count)` row.
#[component]
pub fn BarChart(
    /// Accessible name of the chart (its heading).
    #[prop(into)]
    title: Signal<String>,
    /// Rows to draw.
    #[prop(into)]
    rows: Signal<Vec<(String, u64)>>,
    /// `data-testid`.
    testid: &'static str,
) -> impl IntoView {
    let view_box = move || {
        let n = rows.with(Vec::len) as f64;
        format!("0 0 {WIDTH} {}", (n * (ROW_H + GAP)).max(ROW_H))
    };
    view! {
        <svg
            class="pw-chart pw-chart--bars"
            viewBox=view_box
            role="img"
            data-testid=testid
            aria-label=move || format!("{}: {}", title.get(), rows.with(|r| summary(r)))
        >
            {move || {
                let rows = rows.get();
                let values: Vec<u64> = rows.iter().map(|r| r.1).collect();
                let bars = row_bars(&values, WIDTH - LABEL_W - VALUE_W, ROW_H, GAP);
                rows.into_iter()
                    .zip(bars)
                    .map(|((label, value), b)| {
                        let mid = b.y + b.height / 2.0;
                        view! {
                            <g>
                                <text class="pw-chart__label" x=LABEL_W - 8.0 y=mid text-anchor="end" dominant-baseline="middle">{label}</text>
                                <rect class="pw-chart__bar" x=LABEL_W + b.x y=b.y width=b.width height=b.height rx="3"></rect>
                                <text class="pw-chart__value" x=LABEL_W + b.width + 6.0 y=mid dominant-baseline="middle">{value}</text>
                            </g>
                        }
                    })
                    .collect_view()
            }}
        </svg>
    }
}
