//! Column chart (requests per month, a consent type's daily acceptance rate)
//! as plain `<svg>`; geometry from [`crate::admin::charts::column_bars`],
//! numbers in the `aria-label`. Long series label every few columns only.
use leptos::prelude::*;

use crate::admin::charts::{column_bars, label_step, nice_max, summary};

const WIDTH: f64 = 520.0;
const PLOT_H: f64 = 150.0;
const AXIS_H: f64 = 22.0;
const LEFT: f64 = 40.0;
const GAP: f64 = 6.0;
/// Most axis labels that fit the width at the label's font size.
const MAX_LABELS: usize = 12;

/// One column per `(label, count)`.
#[component]
pub fn ColumnChart(
    /// Accessible name of the chart (its heading).
    #[prop(into)]
    title: Signal<String>,
    /// Columns to draw, oldest first.
    #[prop(into)]
    columns: Signal<Vec<(String, u64)>>,
    /// `data-testid`.
    testid: &'static str,
    /// Text alternative replacing the generated `title: label: value, ...`
    /// (when the values need words, e.g. days without data).
    #[prop(optional, into)]
    description: MaybeProp<String>,
    /// Written after the scale's maximum and each tooltip's value (`%`).
    #[prop(optional)]
    unit: &'static str,
) -> impl IntoView {
    let label = move || {
        description
            .get()
            .unwrap_or_else(|| format!("{}: {}", title.get(), columns.with(|c| summary(c))))
    };
    view! {
        <svg
            class="pw-chart pw-chart--columns"
            viewBox=format!("0 0 {WIDTH} {}", PLOT_H + AXIS_H + 8.0)
            role="img"
            data-testid=testid
            aria-label=label
        >
            {move || {
                let columns = columns.get();
                let values: Vec<u64> = columns.iter().map(|c| c.1).collect();
                let top = nice_max(values.iter().copied().max().unwrap_or(0));
                let bars = column_bars(&values, WIDTH - LEFT, PLOT_H, GAP);
                let step = label_step(columns.len(), MAX_LABELS);
                let axis = view! {
                    <line class="pw-chart__axis" x1=LEFT y1=PLOT_H + 4.0 x2=WIDTH y2=PLOT_H + 4.0></line>
                    <text class="pw-chart__value" x=LEFT - 6.0 y="10" text-anchor="end">{format!("{top}{unit}")}</text>
                    <text class="pw-chart__value" x=LEFT - 6.0 y=PLOT_H + 4.0 text-anchor="end">"0"</text>
                };
                let cols = columns
                    .into_iter()
                    .zip(bars)
                    .enumerate()
                    .map(|(i, ((label, value), b))| {
                        let cx = LEFT + b.x + b.width / 2.0;
                        let short = (i % step == 0).then(|| label.get(5..).unwrap_or(&label).to_owned());
                        view! {
                            <g>
                                <rect class="pw-chart__bar" x=LEFT + b.x y=b.y + 4.0 width=b.width height=b.height rx="2">
                                    <title>{format!("{label}: {value}{unit}")}</title>
                                </rect>
                                <text class="pw-chart__label" x=cx y=PLOT_H + AXIS_H text-anchor="middle">{short}</text>
                            </g>
                        }
                    })
                    .collect_view();
                (axis, cols)
            }}
        </svg>
    }
}
