def log = new File(basedir, 'build.log').text
for (goal in ['push-prompts', 'promote', 'push-datasets', 'pull-prompt', 'migrate-dataset', 'migrate-prompt', 'merge-reports', 'upload-spool']) {
    assert log.contains("junit-prompt:$goal") : "help lists $goal:\n$log"
}

// The jar for those without Maven: java -jar junit-prompt-maven-plugin-<version>-cli.jar help
def java = new File(System.getProperty('java.home'), 'bin/java').path
def process = [java, '-jar', cliJar, 'help'].execute()
def out = new StringBuilder()
def err = new StringBuilder()
process.waitForProcessOutput(out, err)
assert process.exitValue() == 0 : "java -jar $cliJar help exited ${process.exitValue()}: $err"
assert out.toString().startsWith('Sync prompts and datasets with Langfuse and LangSmith')
assert out.toString().contains('push-prompts [--label L]... [--targets DIR]')
assert out.toString().contains('migrate-prompt --from langsmith --to langfuse <prompt> [--label L]')
assert out.toString().contains('merge-reports [--out DIR] <dir>...')
assert out.toString().contains('upload-spool <folder>...')
assert err.length() == 0 : err
