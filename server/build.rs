//! Rebuild when a migration changes: `sqlx::migrate!` embeds `migrations/{sqlite,postgres}/*.sql`
//! at compile time, and cargo does not otherwise know the macro read them.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
