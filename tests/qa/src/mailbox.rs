//! `tamaru-qa mailbox ADDRESS --server URL`: the mail a running sandbox "sent" to an
//! address, one JSON object per line, oldest first: `{"to","subject","body","sent_at"}`.

use std::process::ExitCode;

use crate::admin;

#[derive(clap::Args)]
pub struct MailboxArgs {
    /// The e-mail address.
    pub address: String,
    /// The sandbox's URL as `tamaru-qa serve` printed it.
    #[arg(long)]
    pub server: String,
}

pub fn run(args: &MailboxArgs) -> ExitCode {
    let path = format!("admin/mailbox/{}", args.address.trim());
    match admin::request(reqwest::Method::GET, &args.server, &path, None) {
        Ok(answer) => {
            for mail in answer
                .get("mails")
                .and_then(|m| m.as_array())
                .into_iter()
                .flatten()
            {
                println!("{mail}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => admin::fail(e),
    }
}
