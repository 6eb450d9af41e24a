# homebrew-stub.rb FORMULA PLATFORM: evaluates a Homebrew formula with a stub of the DSL parts
# it uses and prints "URL SHA256" of the source Homebrew would fetch on PLATFORM
# (macos-intel, macos-arm, linux-intel, linux-arm). Used by scripts/lib/packaging-proof.sh;
# there is no Homebrew here, and this checks what a wrong template would break: which
# artifact each platform gets and its checksum.
formula_path, platform = ARGV
os, cpu = platform.split("-")
abort "usage: homebrew-stub.rb FORMULA macos-intel|macos-arm|linux-intel|linux-arm" unless %w[macos linux].include?(os) && %w[intel arm].include?(cpu)

class Formula
  class << self
    attr_reader :source_url, :source_sha256

    def url(value, **_options) = (@source_url = value)
    def sha256(value) = (@source_sha256 = value)
    def on_macos = (yield if $os == "macos")
    def on_linux = (yield if $os == "linux")
    def on_intel = (yield if $cpu == "intel")
    def on_arm = (yield if $cpu == "arm")
    # Metadata, dependencies and build steps do not decide the download.
    %i[desc homepage version license depends_on uses_from_macos test].each do |name|
      define_method(name) { |*_args, **_options| nil }
    end
    def method_missing(_name, *_args, **_options) = nil
    def respond_to_missing?(*) = true
  end
end

$os = os
$cpu = cpu
load formula_path
formula = Formula.subclasses.first or abort "#{formula_path}: no Formula subclass"
abort "#{formula_path}: no url for #{platform}" unless formula.source_url
abort "#{formula_path}: no sha256 for #{platform}" unless formula.source_sha256
puts "#{formula.source_url} #{formula.source_sha256}"
