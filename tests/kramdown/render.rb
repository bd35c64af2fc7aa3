# kramdown as Jekyll runs it, for tests/kramdown_conformance.rs.
#
# Reads JSON lines on stdin, writes one JSON line per page on stdout:
#   {"config": "/site/_config.yml"}  the options for the pages that follow: Jekyll's kramdown
#                                    defaults, merged with that file's `kramdown:` keys as Jekyll
#                                    merges them ("" or a missing file: the defaults alone)
#   {"id": "…", "text": "…"}         a page body -> {"id": "…", "html": "…"}, or {"id", "error"}
require 'json'
require 'yaml'
require 'date'
require 'kramdown'
require 'kramdown-parser-gfm'

# Jekyll 4's `Configuration::DEFAULTS["kramdown"]`. The syntax highlighter is off: Rouge only
# wraps code blocks in more `div`s, which the test does not count.
JEKYLL_DEFAULTS = {
  'auto_ids' => true,
  'toc_levels' => (1..6).to_a,
  'entity_output' => 'as_char',
  'smart_quotes' => 'lsquo,rsquo,ldquo,rdquo',
  'input' => 'GFM',
  'hard_wrap' => false,
  'footnote_nr' => 1,
  'show_warnings' => false
}.freeze
IGNORED = %w[syntax_highlighter syntax_highlighter_opts guess_lang coderay].freeze

def options_for(config_path)
  opts = JEKYLL_DEFAULTS.dup
  if config_path && !config_path.empty? && File.file?(config_path)
    site = YAML.safe_load(File.read(config_path), permitted_classes: [Date, Time], aliases: true)
    user = site.is_a?(Hash) ? site['kramdown'] : nil
    user.each { |k, v| opts[k.to_s] = v unless IGNORED.include?(k.to_s) } if user.is_a?(Hash)
  end
  opts['syntax_highlighter'] = nil
  opts.transform_keys(&:to_sym)
end

$stdout.sync = true
opts = options_for(nil)
$stdin.each_line do |line|
  next if line.strip.empty?
  req = JSON.parse(line)
  if req.key?('config')
    opts = options_for(req['config'])
    next
  end
  begin
    doc = Kramdown::Document.new(req['text'], opts)
    out = { 'id' => req['id'], 'html' => doc.to_html }
  rescue StandardError, SystemStackError => e
    out = { 'id' => req['id'], 'error' => "#{e.class}: #{e.message}" }
  end
  puts JSON.generate(out)
end
