using Analysis.Service.Patterns;

namespace Analysis.Service.Tests.Patterns;

public sealed class VariableMaskerTests
{
    private static string Mask(string message)
    {
        var buffer = new char[VariableMasker.MaxMaskedLength(message.Length)];
        return new string(buffer, 0, VariableMasker.Mask(message, buffer));
    }

    [Theory]
    [InlineData("took 42 tries", "took <*> tries")]
    [InlineData("offset -17 from start", "offset <*> from start")]
    [InlineData("ratio 0.75 reached", "ratio <*> reached")]
    [InlineData("wrote 1,024 bytes", "wrote <*> bytes")]
    [InlineData("done in 12ms", "done in <*>")]
    [InlineData("done in 3.5s", "done in <*>")]
    [InlineData("cache 10KB full at 95%", "cache <*> full at <*>")]
    [InlineData("address 0x7ffd3a2c", "address <*>")]
    [InlineData("commit 9fceb02d0ae598e95dc970b74767f19372d61af8 pushed", "commit <*> pushed")]
    [InlineData("from 10.251.43.21:50010 to 10.0.0.1", "from <*> to <*>")]
    [InlineData("peer fe80::1ff:fe23:4567:890a down", "peer <*> down")]
    [InlineData("request 123e4567-e89b-12d3-a456-426614174000 failed", "request <*> failed")]
    [InlineData("request deadbeef-e89b-12d3-a456-426614174000 failed", "request <*> failed")]
    [InlineData("open /var/log/app/current.log: denied", "open <*>: denied")]
    [InlineData("GET https://example.com/a?b=1 done", "GET <*> done")]
    [InlineData("at 2005-12-04 04:47:44 started", "at <*> <*> started")]
    [InlineData("connection at Mon Jul 25 23:24:09 2005", "connection at <*> <*> <*> <*> <*>")]
    [InlineData("uid=0 euid=500 tty=NODEVssh", "uid=<*> euid=<*> tty=NODEVssh")]
    [InlineData("size=0 user=root", "size=<*> user=root")]
    [InlineData("Receiving block blk_-1608999687919862906 src", "Receiving block blk_<*> src")]
    [InlineData("generating core.2275", "generating core.<*>")]
    [InlineData("Initializing CPU#1", "Initializing CPU#<*>")]
    [InlineData("sshd[24200]: session", "sshd[<*>]: session")]
    public void Masks_each_kind_of_variable(string message, string expected) => Assert.Equal(expected, Mask(message));

    [Theory]
    [InlineData("Accepted password for root from port ssh2")]
    [InlineData("jk2_init() Found child in scoreboard slot")]
    [InlineData("BIOS-e820: (usable)")]
    [InlineData("mapped to x86 with md5 and ext3")]
    [InlineData("Kernel command line: ro root=LABEL=/ rhgb quiet")]
    [InlineData("we may meet on sat at noon")]
    [InlineData("face cafe beef decade")]
    [InlineData("tcp/ip and a:b: c")]
    [InlineData("")]
    public void Leaves_words_and_names_alone(string message) => Assert.Equal(message, Mask(message));

    [Fact]
    public void Adjacent_variables_become_one() => Assert.Equal("took <*> then", Mask("took 3.5s0x1f then"));
}
