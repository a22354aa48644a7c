namespace CertRebind
{
    /// <summary>
    /// A JSON value kept as its text, for a caller to parse as it needs: the certificate the exe writes inside a
    /// binding (<see cref="BindingReader"/>), which the module reads with ConvertFrom-Json (Complete-CertRebindBinding).
    /// </summary>
    public sealed class RawJson
    {
        public RawJson(string text)
        {
            Text = text;
        }

        public string Text { get; private set; }

        public override string ToString()
        {
            return Text;
        }
    }
}
