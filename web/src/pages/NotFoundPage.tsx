import { Link } from "../lib/router";
import { PageTitle } from "../components/PageTitle";

export function NotFoundPage() {
  return (
    <div>
      <PageTitle>Page not found</PageTitle>
      <p>
        There is no page here. <Link href="/">Go to Today</Link>
      </p>
    </div>
  );
}
