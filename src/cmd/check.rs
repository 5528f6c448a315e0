//! `taizhang check` (the linter), `rules` (what each rule checks), `eval`
//! and `train` (the clause model).

use super::write_stdout;
use crate::cli::{CheckArgs, EvalArgs, RulesArgs, TrainArgs};
use crate::document::Status;
use crate::pipeline::{self, Options};
use std::process::ExitCode;

pub fn run(args: CheckArgs) -> anyhow::Result<ExitCode> {
    use crate::check;
    use crate::rules::Severity;
    let inputs = pipeline::collect_inputs(&args.paths);
    if inputs.is_empty() {
        anyhow::bail!("没有找到可检查的文件；请检查路径是否正确");
    }
    crate::detect::warm_up();
    let opts = Options::default();
    let json = args.format == "json";
    let (mut files, mut unread, mut violations, mut warnings) = (0usize, 0usize, 0usize, 0usize);
    let mut text = String::new();
    // Documents are analysed on all threads and reported in path order.
    let analysed = |docs: Vec<crate::document::Document>| {
        docs.into_iter()
            .map(|doc| {
                if matches!(doc.status, Status::Error | Status::Skipped) || doc.norm.text.is_empty()
                {
                    Err((doc.path, doc.message))
                } else {
                    let a = check::analyse(&doc);
                    Ok(check::check(&doc, &a))
                }
            })
            .collect::<Vec<_>>()
    };
    let mut report = |result: Result<Vec<check::Finding>, (String, String)>| {
        files += 1;
        let findings = match result {
            Ok(f) => f,
            Err((path, message)) => {
                unread += 1;
                if !json {
                    text.push_str(&format!("{path}: 未能检查：{message}\n"));
                }
                return;
            }
        };
        for f in findings {
            match f.severity {
                Severity::Violation => violations += 1,
                Severity::Warning => warnings += 1,
            }
            if json {
                text.push_str(&serde_json::to_string(&f).unwrap_or_default());
                text.push('\n');
            } else {
                let cite = if f.cite.is_empty() { "全文" } else { &f.cite };
                text.push_str(&format!(
                    "{}:{}: {} [{} {}] {}\n    「{}」\n",
                    f.path, f.page, cite, f.rule, f.name, f.message, f.quote
                ));
            }
        }
    };
    pipeline::analyse_inputs(&inputs, &opts, analysed, |results| {
        results.into_iter().for_each(&mut report)
    });
    if !json {
        text.push_str(&format!(
            "\n共检查 {files} 个文件：发现违规 {violations} 处，提示 {warnings} 处；未能读取 {unread} 个。查看规则说明：taizhang rules 代码\n"
        ));
    }
    write_stdout(&text)?;
    Ok(if violations > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

pub fn run_rules(args: RulesArgs) -> anyhow::Result<ExitCode> {
    use crate::rules;
    match args.rule {
        None => {
            let mut text = String::from("代码   名称                           级别  说明\n");
            for r in rules::RULES.iter() {
                text.push_str(&rules::list_line(r));
                text.push('\n');
            }
            text.push_str(
                "\n查看某条规则的说明：taizhang rules 代码或名称（如 taizhang rules XY401）\n",
            );
            write_stdout(&text)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(key) => match rules::find(&key) {
            Some(r) => {
                write_stdout(&rules::explain(r))?;
                Ok(ExitCode::SUCCESS)
            }
            None => {
                anyhow::bail!("没有名为“{key}”的规则；运行 taizhang rules 查看全部规则的代码和名称")
            }
        },
    }
}

pub fn run_eval(args: EvalArgs) -> anyhow::Result<ExitCode> {
    let text = crate::train::eval_command(&args).map_err(|e| anyhow::anyhow!(e))?;
    write_stdout(&text)?;
    Ok(ExitCode::SUCCESS)
}

pub fn run_train(args: TrainArgs) -> anyhow::Result<ExitCode> {
    let text = crate::train::train_command(&args).map_err(|e| anyhow::anyhow!(e))?;
    eprint!("{text}");
    Ok(ExitCode::SUCCESS)
}
