//! `tamaru-qa serve --fault-…`: the fault layer switched on from the command line, read
//! back through `/admin/faults`, and flags it cannot read refused with exit 2.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

fn qa() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tamaru-qa"))
}

#[test]
fn serve_fault_flags_set_the_plan_and_the_next_request_is_faulted() {
    let mut server = qa()
        .args([
            "serve",
            "--fault-rate",
            "0.2",
            "--fault-seed",
            "7",
            "--fault-kinds",
            "drop_after,server_error",
            "--fault-next",
            "/v1/points/changes=server_error:1",
            "--clock-skew",
            "-90",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let announced: serde_json::Value = serde_json::from_str(&first).unwrap();
    let url = announced["url"].as_str().unwrap().to_owned();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let http = reqwest::Client::new();
        let shown: serde_json::Value = http
            .get(format!("{url}/admin/faults"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(shown["plan"]["rate"], 0.2);
        assert_eq!(shown["plan"]["seed"], 7);
        assert_eq!(
            shown["plan"]["kinds"],
            serde_json::json!(["drop_after", "server_error"])
        );
        assert_eq!(shown["plan"]["clock_skew_seconds"], -90);
        assert_eq!(shown["plan"]["targets"][0]["count"], 1);
        // The targeted fault: the next changes request answers 503 (no token needed to
        // see it: the fault comes before the server looks at the request).
        let faulted = http
            .get(format!("{url}/waon/v1/points/changes"))
            .send()
            .await
            .unwrap();
        assert_eq!(faulted.status().as_u16(), 503);
        // The admin endpoint switches every fault off.
        let off = http
            .post(format!("{url}/admin/faults"))
            .body("{}")
            .send()
            .await
            .unwrap();
        assert_eq!(off.status().as_u16(), 200);
        let plain = http
            .get(format!("{url}/waon/v1/points/changes"))
            .send()
            .await
            .unwrap();
        assert_eq!(plain.status().as_u16(), 401, "the real answer: no token");
        let stats: serde_json::Value = http
            .get(format!("{url}/admin/faults"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(stats["stats"]["server_error"], 1);
    });
    server.kill().unwrap();
    server.wait().unwrap();
}

#[test]
fn serve_refuses_fault_flags_it_cannot_read() {
    for args in [
        vec!["serve", "--fault-kinds", "gremlins"],
        vec!["serve", "--fault-rate", "1.5"],
        vec!["serve", "--fault-next", "/v1/points/use"],
        vec!["serve", "--fault-next", "/v1/points/use=drop_after:many"],
    ] {
        let out = qa().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?} says why");
    }
}
