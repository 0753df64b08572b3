def log = new File(basedir, 'build.log').text
def failures = log.readLines().findAll { it.contains('Cannot reach Langfuse') }
assert failures.size() == 1 : "one line says Langfuse cannot be reached:\n$log"
def line = failures[0]
assert line.startsWith('[ERROR] Failed to execute goal dev.junitprompt:junit-prompt-maven-plugin:')
assert line.contains(':push-prompts (default-cli) on project push-prompts-unreachable: Cannot reach Langfuse at '
        + 'http://127.0.0.1:9 (')
assert line.contains('check LANGFUSE_HOST')
assert line.endsWith(' -> [Help 1]') : 'the message is one line'
assert log.contains('/MojoFailureException') : 'a failed operation, not a wrong configuration'
assert !log.contains('sk-lf-invoker-secret') : 'the secret key is never printed'
assert !log.contains('\tat ') : 'no stack trace'
