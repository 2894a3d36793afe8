//! Snapshots (insta) of what users read: the human report and the JSON document, for fixtures that
//! cover every rule. Review changes with `cargo insta review`.

use assert_cmd::Command;

fn run(args: &[&str]) -> String {
    let out = Command::cargo_bin("dr-session-lint")
        .unwrap()
        .env_remove("GITHUB_ACTIONS")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .args(["--color", "never"])
        .args(args)
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn human_paypal_before() {
    insta::assert_snapshot!(run(&["fixtures/methods/payPal-before.js"]));
}

#[test]
fn human_checkout() {
    insta::assert_snapshot!(run(&["fixtures/checkout"]));
}

#[test]
fn json_paypal_before() {
    insta::assert_snapshot!(run(&[
        "--format",
        "json",
        "fixtures/methods/payPal-before.js"
    ]));
}

#[test]
fn json_checkout() {
    insta::assert_snapshot!(run(&["--format", "json", "fixtures/checkout"]));
}

#[test]
fn diff_checkout_with_session_id_expr() {
    insta::assert_snapshot!(run(&[
        "--diff",
        "--unsafe-fixes",
        "--session-id-expr",
        "checkout.payment.session.id",
        "fixtures/checkout",
        "fixtures/patterns",
    ]));
}

#[test]
fn human_templates() {
    insta::assert_snapshot!(run(&["fixtures/templates"]));
}

#[test]
fn diff_templates_with_session_id_expr() {
    insta::assert_snapshot!(run(&[
        "--diff",
        "--session-id-expr",
        "checkout.payment.session.id",
        "fixtures/templates",
    ]));
}
