//! Command-line arguments. All help text is Chinese: the users are civil
//! servants, not programmers.

use clap::{ArgAction, Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "taizhang",
    version,
    about = "失信约束措施台账助手：读取本单位政策文件，起草《失信约束措施台账》（国办发〔2020〕49号清理规范）",
    long_about = None,
    disable_help_subcommand = true,
    help_template = "{about}\n\n用法：{usage}\n\n命令：\n{subcommands}\n\n选项：\n{options}\n",
    subcommand_value_name = "命令",
    disable_help_flag = true,
    disable_version_flag = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// 显示帮助
    #[arg(short = 'h', long = "help", action = ArgAction::Help, global = false)]
    help: Option<bool>,

    /// 显示版本
    #[arg(short = 'V', long = "version", action = ArgAction::Version)]
    version: Option<bool>,

    /// 本地词表目录：其中的同名文件（如 discipline.txt、basis.tsv）补充或覆盖内置词表；
    /// 不填时使用当前目录 taizhang.toml 中 [lexicons] dir 指定的目录
    // The doc comment is the option's help text: `[lexicons]` is the
    // toml table the user writes, not a link.
    #[allow(rustdoc::broken_intra_doc_links)]
    #[arg(long, value_name = "目录", global = true)]
    pub lexicons: Option<PathBuf>,
}

/// The help flag, in Chinese, for every subcommand.
#[derive(Debug, Args)]
pub struct HelpFlag {
    /// 显示帮助
    #[arg(short = 'h', long = "help", action = ArgAction::Help)]
    help: Option<bool>,
}

/// Help layout of the subcommands: Chinese headings.
const SUB_TEMPLATE: &str = "{about}\n\n用法：{usage}\n\n参数与选项：\n{positionals}\n{options}\n";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 扫描文件夹中的全部文件，起草《失信约束措施台账》（xlsx、docx、csv、json 或 md），并列出全部文件和问题清单
    #[command(help_template = SUB_TEMPLATE, disable_help_flag = true)]
    Scan(ScanArgs),
    /// 由保存的扫描结果（json）生成审阅页：重新读取原文件，在浏览器中逐个文件查看条款和问题
    #[command(help_template = SUB_TEMPLATE, disable_help_flag = true)]
    Report(ReportArgs),
    /// 区信用办用：对照单位报送的台账和该单位的文件，列出台账漏报、错报之处（附条款原文为证）；有问题时退出码为 1
    #[command(help_template = SUB_TEMPLATE, disable_help_flag = true)]
    Audit(AuditArgs),
    /// Benchmark floor (for bench/compare.py): read every file, optionally
    /// extract it and run an aho-corasick scan of the trigger terms.
    #[command(hide = true, name = "bench-floor")]
    BenchFloor(BenchFloorArgs),
    /// 读取文件并显示读到的内容（格式、状态、标题、文号、发文机关、日期、正文），用于核对
    #[command(help_template = SUB_TEMPLATE, disable_help_flag = true)]
    Extract(ExtractArgs),
    /// 用标注好的金标准文件衡量识别效果（准确率、召回率、F1，条款引用精确率，依据识别）
    #[command(help_template = SUB_TEMPLATE, disable_help_flag = true)]
    Eval(EvalArgs),
    /// 用金标准文件训练条款识别模型（写入 lexicons/model.tsv 或 -o 指定的文件）；同样的金标准得到逐字节相同的模型
    #[command(help_template = SUB_TEMPLATE, disable_help_flag = true)]
    Train(TrainArgs),
    /// 检查草稿或旧文件：逐条列出不符合国办发〔2020〕49号的条款（规则代码、条款、原文）；有违规时退出码为 1
    #[command(help_template = SUB_TEMPLATE, disable_help_flag = true)]
    Check(CheckArgs),
    /// 列出国办发〔2020〕49号的检查规则；给出规则代码或名称时，说明该规则检查什么、为什么、示例和建议处置方式
    #[command(help_template = SUB_TEMPLATE, disable_help_flag = true)]
    Rules(RulesArgs),
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    #[command(flatten)]
    pub help: HelpFlag,

    /// 要扫描的文件夹或文件（可写多个）
    #[arg(value_name = "路径", required = true)]
    pub paths: Vec<PathBuf>,

    /// 输出文件，默认为当前目录下的“失信约束措施台账.xlsx”；写 - 表示输出到屏幕（json 或 csv）
    #[arg(short = 'o', long = "output", value_name = "文件")]
    pub output: Option<PathBuf>,

    /// 输出格式：xlsx、docx、csv、json、md；不填时按输出文件的扩展名确定
    #[arg(long, value_name = "格式", value_parser = ["xlsx", "docx", "csv", "json", "md"], hide_possible_values = true)]
    pub format: Option<String>,

    /// 责任单位（也可在 taizhang.toml 的 [unit] name 中填写）
    #[arg(long, value_name = "单位名称")]
    pub unit: Option<String>,

    /// 责任人姓名及职务，如“张三，法规科科长”
    #[arg(long, value_name = "姓名及职务")]
    pub owner: Option<String>,

    /// 电话
    #[arg(long, value_name = "电话")]
    pub phone: Option<String>,

    /// 完成时间，如“2021年10月底”；不填则按建议的处置方式取通知规定的时限
    #[arg(long, value_name = "时间")]
    pub deadline: Option<String>,

    /// 本单位层级：省、市、区县、乡镇（默认区县）。高于此层级的地方政府及部门文件、法律法规和中央文件不起草台账行，列入“上位及参考文件”
    #[arg(long, value_name = "层级", value_parser = ["省", "市", "区县", "乡镇"], hide_possible_values = true)]
    pub level: Option<String>,

    /// 上位及参考文件（法律、法规、中央和上级文件）也起草台账行（处置方式只建议“保留”）
    #[arg(long)]
    pub include_higher: bool,

    /// 另外生成审阅页（一个 HTML 文件，用浏览器打开）：逐个文件显示原文，标出识别出的条款和发现的问题
    #[arg(long, value_name = "文件.html")]
    pub html: Option<PathBuf>,

    /// 不显示进度条
    #[arg(short = 'q', long)]
    pub quiet: bool,

    /// 每个文件的读取时限（秒，默认 60）
    #[arg(
        long,
        value_name = "秒",
        default_value_t = 60,
        hide_default_value = true
    )]
    pub timeout: u64,

    /// 并行线程数（默认为处理器核数）
    #[arg(short = 'j', long, value_name = "N")]
    pub jobs: Option<usize>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub help: HelpFlag,

    /// 以前用 scan -o 保存的 json 结果
    #[arg(value_name = "扫描结果.json")]
    pub scan: PathBuf,

    /// 审阅页文件名，默认为 json 旁边的同名 .html
    #[arg(short = 'o', long = "output", value_name = "文件.html")]
    pub output: Option<PathBuf>,

    /// 每个文件的读取时限（秒，默认 60）
    #[arg(
        long,
        value_name = "秒",
        default_value_t = 60,
        hide_default_value = true
    )]
    pub timeout: u64,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    #[command(flatten)]
    pub help: HelpFlag,

    /// 单位报送的台账文件（xlsx、xls、csv 或 Word 表格）
    #[arg(long, value_name = "台账文件", required = true)]
    pub ledger: PathBuf,

    /// 该单位的文件所在的文件夹（可写多个）
    #[arg(value_name = "文件夹", required = true)]
    pub paths: Vec<PathBuf>,

    /// 把核查报告另存为文件（xlsx、json 或 md，按扩展名确定）
    #[arg(short = 'o', long = "output", value_name = "文件")]
    pub output: Option<PathBuf>,

    /// 报告格式：xlsx、json、md；不填时按输出文件的扩展名确定
    #[arg(long, value_name = "格式", value_parser = ["xlsx", "json", "md"], hide_possible_values = true)]
    pub format: Option<String>,

    /// 以哪一天判断完成时间是否已过（格式 2021-10-31，默认今天）
    #[arg(long, value_name = "日期")]
    pub today: Option<String>,

    /// 不显示进度条
    #[arg(short = 'q', long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct BenchFloorArgs {
    /// Folders or files.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,

    /// read: read the bytes only; trigger: extract and scan for the trigger terms.
    #[arg(long, default_value = "trigger", value_parser = ["read", "trigger"])]
    pub mode: String,

    /// Load jieba too (as the real pipeline must), to show its fixed cost.
    #[arg(long)]
    pub with_jieba: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub help: HelpFlag,

    /// 要检查的文件或文件夹
    #[arg(value_name = "路径", required = true)]
    pub paths: Vec<PathBuf>,

    /// 输出格式：text（默认，逐条列出）或 json（每个问题一行）
    #[arg(long, value_name = "格式", default_value = "text", value_parser = ["text", "json"], hide_default_value = true, hide_possible_values = true)]
    pub format: String,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(flatten)]
    pub help: HelpFlag,

    /// 规则代码或名称，如 XY401 或 low-score-punishes-person；不填则列出全部规则
    #[arg(value_name = "规则")]
    pub rule: Option<String>,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    #[command(flatten)]
    pub help: HelpFlag,

    /// 金标准文件（每行一个 JSON，格式见 DESIGN.md §6）；其中的文件路径相对于该文件所在文件夹；可写多个
    #[arg(long, value_name = "文件", required = true)]
    pub gold: Vec<PathBuf>,

    /// 只衡量某一批文件：批次名（如 B1），批次表为金标准文件旁的 batches.tsv
    #[arg(long, value_name = "批次")]
    pub batch: Option<String>,

    /// 交叉验证：把 --gold 的文件分成 N 份，轮流用其余各份训练模型、衡量留出的一份，报告合并结果
    #[arg(long, value_name = "N")]
    pub cv: Option<usize>,

    /// 交叉验证时换 N 种分折方式各做一遍，列出每次的结果及其波动（看差别是否超出分折带来的起伏）
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub repeat: usize,

    /// 交叉验证时只用于训练、不参与衡量的金标准文件（如 corpus/gold.jsonl）
    #[arg(long, value_name = "文件")]
    pub also: Vec<PathBuf>,

    /// 以 JSON 输出（含漏报 misses 与误报 false_alarms 明细）
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct TrainArgs {
    #[command(flatten)]
    pub help: HelpFlag,

    /// 金标准文件（每行一个 JSON，格式见 DESIGN.md §6）；可写多个。不写时用内置模型的训练集（在项目根目录下运行）
    #[arg(long, value_name = "文件")]
    pub gold: Vec<PathBuf>,

    /// 模型文件，默认为 lexicons/model.tsv
    #[arg(
        short = 'o',
        long = "output",
        value_name = "文件",
        default_value = "lexicons/model.tsv"
    )]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    #[command(flatten)]
    pub help: HelpFlag,

    /// 要读取的文件或文件夹（文件夹会逐层读取其中所有文件）
    #[arg(value_name = "路径", required = true)]
    pub paths: Vec<PathBuf>,

    /// 以 JSON 输出，每个文件一行
    #[arg(long)]
    pub json: bool,

    /// 显示文件的结构（章、条、款、项及其引用写法），用于核对工具如何理解文件
    #[arg(long)]
    pub structure: bool,

    /// 每个文件的读取时限（秒，默认 60），超时的文件标记为错误并继续
    #[arg(
        long,
        value_name = "秒",
        default_value_t = 60,
        hide_default_value = true
    )]
    pub timeout: u64,

    /// 并行线程数（默认为处理器核数）
    #[arg(short = 'j', long, value_name = "N")]
    pub jobs: Option<usize>,
}
