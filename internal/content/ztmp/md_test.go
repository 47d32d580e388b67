package ztmp
import ("testing";"strings";"time";"fmt";"github.com/khanhson-ocop/ocop/internal/markdown")
func TestMD(t *testing.T){
 c := markdown.New()
 for _, n := range []int{50<<10, 100<<10, 200<<10} {
  cases := map[string]string{
   "brackets": strings.Repeat("[", n),
   "emph": strings.Repeat("*a _b ", n/6),
   "quotes": strings.Repeat("> ", n/2)+"x",
   "links": strings.Repeat("[a](", n/4),
   "backticks": strings.Repeat("`a``", n/4),
   "lists": func() string{ var b strings.Builder; for i:=0; b.Len()<n; i++ { b.WriteString(strings.Repeat("  ", i%500)+"- x\n")}; return b.String()}(),
   "nestedlist": strings.Repeat("- ", n/2)+"x",
   "table": "|a|b|\n|-|-|\n"+strings.Repeat("|x|y|\n", n/6),
   "emph2": strings.Repeat("**", n/2),
   "angle": strings.Repeat("<a", n/2),
   "linkify": strings.Repeat("www.a", n/5),
   "refdefs": strings.Repeat("[a]: b\n", n/7)+strings.Repeat("[a] ", n/4),
   "images": strings.Repeat("![", n/2),
   "html": strings.Repeat("<div>", n/5),
  }
  for k, v := range cases {
   st := time.Now(); c.Convert([]byte(v), "/x/"); d := time.Since(st)
   if d > 100*time.Millisecond { fmt.Println(n>>10, "KB", k, d) }
  }
 }
}
