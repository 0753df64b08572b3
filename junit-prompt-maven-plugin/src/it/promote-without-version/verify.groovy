def log = new File(basedir, 'build.log').text
def failures = log.readLines().findAll { it.startsWith('[ERROR] Failed to execute goal') }
// Once, for the root: a goal run per module would fail in app and prompts too (--fail-at-end goes on after a failure).
assert failures.size() == 1 : log
assert failures[0].contains(':promote (default-cli) on project promote-without-version: missing version '
        + '(-Djunitprompt.version): the version of the prompt to label, e.g. -Djunitprompt.version=3 -> [Help 1]')
assert log.contains('/MojoExecutionException') : 'a wrong configuration, not a failed operation'
assert !log.contains('Cannot reach Langfuse') : 'nothing was sent'
